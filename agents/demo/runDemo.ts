import { getAddress } from "viem";
import { createEscrowClient } from "../chain/escrow.js";
import type { DemoArgs } from "./args.js";
import { readChainReport } from "./chainReport.js";
import { checkOneProof } from "./checkOneProof.js";
import { DEMO_EPOCH_SECONDS, startDemoMarket, type DemoConnection } from "./demoMarket.js";
import { runJuryAndTeam } from "./juryTeamSection.js";
import { swarmMetrics } from "./metrics.js";
import { runTask, specFor } from "./runTask.js";
import { planTasks } from "./scenario.js";
import { demoVerdict, verdictNote, type DemoVerdict } from "./verdictRows.js";
import { roundAll, taskCounts, workerRows, type DemoSummary, type LiveDemo } from "./summary.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";

/**
 * The embedded demo: deploys with the Ignition modules, starts a manager, workers, an arbiter
 * and the indexer in one process, runs the planned tasks (each forced fault once, so every
 * settlement path happens), anchors the review epochs and verifies one review's proof.
 * `progress` receives one line per event worth showing.
 */
export async function runDemo(
  conn: DemoConnection,
  args: DemoArgs,
  progress: (line: string) => void = () => {},
  /** Called with the summary while the market is still up (e.g. to serve it); the market closes when it returns. */
  onDone?: (summary: DemoSummary, live: LiveDemo) => Promise<void>,
  /** Called once the market is up, before the first task (e.g. a test that joins it as an outsider). */
  onMarket?: (m: LocalMarket) => Promise<void>,
): Promise<DemoSummary> {
  const started = performance.now();
  const { m, publicClient, deployment, contracts, extra, board, team, specialists, registered, llmFor, llm, online } = await startDemoMarket(conn, args, progress);
  await onMarket?.(m);
  const reader = createEscrowClient({ publicClient, walletClient: m.wallets.manager as never, address: contracts.escrow, fromBlock: BigInt(deployment.escrow.block) });
  const plan = planTasks(args.tasks, args.seed, team);
  const epochs: DemoSummary["epochs"] = [];
  const closeEpochs = async () => {
    await m.syncIndexerClock();
    await m.indexer!.ingestOnce();
    for (const e of await m.indexer!.closeDueEpochs()) {
      epochs.push({ epoch: e.epoch.toString(), root: e.root, leafCount: e.leafCount });
      progress(`epoch ${e.epoch} closed: ${e.leafCount} reviews, root ${e.root.slice(0, 18)}… anchored on-chain`);
    }
  };
  let taskMs = 0;
  const verdicts: DemoVerdict[] = [];
  try {
    for (const [i, task] of plan.entries()) {
      const t0 = performance.now();
      const spec = await specFor(m, task);
      board.set(spec.taskId, task.fault);
      await runTask(m, conn, spec, task, board);
      taskMs += performance.now() - t0;
      const view = await reader.getTask({ client: m.accounts.manager, taskId: spec.taskId }).catch(() => undefined);
      const w = m.accounts.workers.findIndex((a) => view && a === getAddress(view.terms.worker));
      const winner = w < 0 ? "-" : `${team[w]!.profile.agentId} #${m.agentIds.workers[w]}`;
      const judged = demoVerdict(m, spec.taskId);
      if (judged) verdicts.push(judged);
      const note = [task.fault === "none" ? "" : `(fault: ${task.fault})`, verdictNote(judged)].filter(Boolean).join("  ");
      progress(`[${String(i + 1).padStart(3)}/${plan.length}] ${task.requiredSkills.join(",").padEnd(10)} → ${winner.padEnd(8)} ${(view?.status ?? "unawarded").padEnd(16)}  ${note}`.trimEnd());
      // The "day" ends halfway through and at the end, so at least two epochs are anchored.
      if (i === Math.floor(plan.length / 2) - 1) {
        await conn.increaseTime(DEMO_EPOCH_SECONDS);
        await closeEpochs();
      }
    }
    await m.tickAll();
    await conn.increaseTime(DEMO_EPOCH_SECONDS);
    await closeEpochs();

    const proofCheck = await checkOneProof(m, publicClient, contracts.anchor, epochs);
    progress(`review ${proofCheck.review.slice(0, 18)}… proof: TypeScript ${proofCheck.offchain ? "ok" : "FAILED"}, on-chain ${proofCheck.onchain ? "ok" : "FAILED"}, task facts ${proofCheck.facts ? "ok" : "FAILED"}`);

    const chain = await readChainReport(publicClient, contracts.escrow, BigInt(deployment.escrow.block));
    const workers = await workerRows(m, team, chain);
    const workMs = board.workMs;
    const extras = conn.planOnly ? {} : await runJuryAndTeam(m, { viem: conn.viem, increaseTime: conn.increaseTime, contracts: { ...extra, registry: contracts.registry }, seed: args.seed, workers: [...team, ...specialists] }, board, (id) => llmFor(id), online, progress);
    const metrics = swarmMetrics({ outcomes: [...chain.outcomes.values()], earningsByWorker: workers.map((w) => BigInt(w.earnings)), coordinationMs: Math.max(0, taskMs - workMs), workMs });
    const summary: DemoSummary = {
      tasks: taskCounts(plan.length, chain),
      epochs,
      proofCheck,
      metrics: roundAll(metrics),
      amounts: { paid: chain.paid.toString(), refunded: chain.refunded.toString(), fees: chain.fees.toString(), decimals: 6 },
      gasPerPath: chain.gasPerPath,
      workers,
      verdicts,
      contracts,
      registry: registered,
      ...extras,
      llm,
      wallMs: Math.round(performance.now() - started),
    };
    const blocks = { escrow: BigInt(deployment.escrow.block), anchor: BigInt(deployment.anchor.block) };
    await onDone?.(summary, { market: m, chainId: await publicClient.getChainId(), contracts, blocks });
    return summary;
  } finally {
    await m.close();
  }
}
