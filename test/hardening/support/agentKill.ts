import { network } from "hardhat";
import type { Hex } from "viem";
import { createEscrowClient } from "../../../agents/chain/escrow.js";
import { DEADLINE_IN_SECONDS, balances, fee, makeSpec, onFirst, startMarket } from "./agentMarket.js";

export interface AgentKillSummary {
  cases: number;
  /** Escrows left Funded, Submitted or Disputed after the agents recovered. */
  stranded: number;
  /** Cases where neither the worker was paid nor the client refunded the exact amount. */
  unpaid: number;
  perCase: Record<string, string>;
}

type Kill = "worker-restarts" | "manager-restarts" | "worker-never-returns" | "manager-never-returns";

/**
 * Kills an agent in the middle of a task (after the award, i.e. after funding) and checks that
 * the money ends somewhere: a restarted worker still delivers and is paid, a restarted manager
 * still settles, a worker that never returns lets the client take a refund after the deadline,
 * and a manager that never returns lets the worker auto-release. A killed agent is stopped
 * mid-flight and a fresh one started on its store, as a process restarted with STATE_FILE.
 *
 * @example
 * const s = await runAgentKill(); // s.stranded === 0
 */
export async function runAgentKill(): Promise<AgentKillSummary> {
  const summary: AgentKillSummary = { cases: 0, stranded: 0, unpaid: 0, perCase: {} };
  for (const kill of ["worker-restarts", "manager-restarts", "worker-never-returns", "manager-never-returns"] as const) {
    const { outcome, stranded, paid } = await runCase(kill);
    summary.cases += 1;
    if (stranded) summary.stranded += 1;
    if (!paid) summary.unpaid += 1;
    summary.perCase[kill] = outcome;
  }
  return summary;
}

async function runCase(kill: Kill): Promise<{ outcome: string; stranded: boolean; paid: boolean }> {
  const chain = await network.create();
  const { networkHelpers } = chain;
  const { m } = await startMarket(chain);
  try {
    const alice = m.accounts.workers[0]!;
    const spec = await makeSpec(m, `kill-${kill}`, ["translate"]);
    const taskId = spec.taskId as Hex;
    const before = await balances(m, [m.accounts.manager, alice]);
    if (kill.startsWith("worker")) await onFirst(m, (x) => x.type === "bid" && x.agentId === m.idOf("alice"), () => void m.workers[0]!.stop());
    else await onFirst(m, (x) => x.type === "award", () => void m.manager.stop());
    await m.manager.announce(spec);
    await m.settle();
    await waitFor(() => m.manager.task(taskId)?.phase === "awarded" || !m.manager.task(taskId), 10_000);

    if (kill === "worker-restarts") await m.restartWorker(0);
    if (kill === "manager-restarts") await m.restartManager();
    if (kill === "worker-never-returns") await networkHelpers.time.increase(DEADLINE_IN_SECONDS + 1);
    if (kill === "manager-never-returns") await networkHelpers.time.increase(Number(spec.reviewPeriod) + 1);
    await m.settle();
    for (let i = 0; i < 5; i++) await m.tickAll();

    const escrow = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
    const chain = await escrow.getTask({ client: m.accounts.manager, taskId });
    const amount = chain.terms.amount;
    const after = await balances(m, [m.accounts.manager, alice]);
    const workerGot = after[1]! - before[1]!;
    const clientSpent = before[0]! - after[0]!;
    // Either the worker was paid the amount minus the fee, or the client got everything back.
    const paid = (workerGot === amount - fee(amount) && clientSpent === amount) || (workerGot === 0n && clientSpent === 0n && chain.status !== "None");
    return { outcome: chain.status, stranded: ["Funded", "Submitted", "Disputed"].includes(chain.status), paid };
  } finally {
    await m.close();
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

