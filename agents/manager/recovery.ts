import type { Hex } from "viem";
import { BidTerms } from "../protocol/messages.js";
import { matchesBid } from "../runtime/matchesBid.js";
import type { ManagerCore } from "./managerTypes.js";
import { stepTask, taskRef } from "./settle.js";

/** Awarded tasks still waiting for their money to go somewhere. */
export function awardedTaskIds(core: ManagerCore): Hex[] {
  return core.tasks
    .list()
    .filter(([, r]) => r.phase === "awarded" && !r.finalized)
    .map(([id]) => id);
}

/**
 * Start-up: rebuilds the manager's view from the chain. Every funded task of ours whose bid this
 * manager chose is resumed; bidding that died with the old process is withdrawn; the awarded
 * worker is asked to deliver again, since its result may have arrived while we were down.
 */
export async function recover(core: ManagerCore): Promise<void> {
  const { deps, log } = core;
  const onChain = await deps.escrow.tasksWhere({ role: "client", account: core.address });
  for (const id of onChain.map((x) => x.taskId)) {
    const r = core.tasks.load(id);
    if (!r) {
      log.warn("funded task unknown to this manager's store; cannot judge it", { taskId: id });
      continue;
    }
    const chain = await deps.escrow.getTask(taskRef(core, id));
    if (!r.winner || !matchesBid(chain, BidTerms.decode(r.winner.terms))) {
      log.warn("funded task's terms are not the bid this manager chose; cannot judge it", { taskId: id, worker: chain.terms.worker });
      continue;
    }
    if (r.phase !== "awarded") core.tasks.save(id, { ...r, phase: "awarded" });
  }
  for (const [id, r] of core.tasks.list()) {
    if (r.phase === "bidding") {
      // The bids died with the old process; withdraw rather than award blind.
      core.tasks.save(id, { ...r, phase: "unawarded", finalized: true, outcome: "unawarded" });
      await core.tell((r.asked ?? []).map((c) => c.address), { type: "cancel", taskId: id, reason: "manager restarted during bidding" });
    }
  }
  for (const id of awardedTaskIds(core)) {
    const r = core.tasks.load(id)!;
    const chain = await deps.escrow.getTask(taskRef(core, id));
    if (!r.result && r.winner && (chain.status === "Funded" || chain.status === "Submitted"))
      await core.tell(r.winner.worker, { type: "award", taskId: id, worker: r.winner.worker, fundTx: r.winner.fundTx });
    await stepTask(core, id);
  }
}
