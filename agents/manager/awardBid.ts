import type { Hex } from "viem";
import { BidTerms } from "../protocol/messages.js";
import type { CandidateBid } from "../runtime/ports.js";
import { matchesBid } from "../runtime/matchesBid.js";
import type { ManagerCore, TeamRecord } from "./managerTypes.js";
import { taskRef } from "./settle.js";

/**
 * The award: funds the escrow with one bid (its signed terms and signature), then tells the
 * winner and rejects the others (beside the queue). A failed funding that nonetheless left the escrow holding the
 * bid (a lost receipt) counts as funded; otherwise the error is returned and nothing is sent.
 */
export async function awardBid(
  core: ManagerCore,
  taskId: Hex,
  bid: CandidateBid,
  others: readonly CandidateBid[],
  team?: { team: TeamRecord; memberBids: readonly CandidateBid[] },
): Promise<{ ok: true; fundTx?: Hex } | { ok: false; error: Error }> {
  const { deps, log } = core;
  const r = core.tasks.load(taskId)!;
  const winner = { worker: bid.worker, agentId: bid.agentId, terms: BidTerms.encode(bid.terms), signature: bid.signature, estimate: bid.estimate, ...(team ? { team: team.team } : {}) };
  // Persist the chosen bid before funding: a crash between the two must not orphan the escrow.
  core.tasks.save(taskId, { ...r, winner });
  let fundTx: Hex | undefined;
  try {
    fundTx = (await deps.escrow.fund({ bid: bid.terms, signature: bid.signature })).hash;
  } catch (err) {
    // A lost receipt (RPC timeout) can hide a mined funding: believe the chain, not the error.
    const onChain = await deps.escrow.getTask(taskRef(core, taskId)).catch(() => undefined);
    if (!onChain || !matchesBid(onChain, bid.terms)) {
      core.tasks.save(taskId, r);
      return { ok: false, error: err as Error };
    }
    log.warn("funding reported an error but the escrow is funded", { taskId, error: (err as Error).message.split("\n")[0] });
  }
  // A team's award counts for each member (UCB's n is per worker, and a team is no worker of its own).
  for (const b of team?.memberBids ?? [bid]) deps.market.recordAward(b);
  core.tasks.save(taskId, { ...r, phase: "awarded", winner: { ...winner, fundTx } });
  log.info("awarded", { taskId, agentId: bid.agentId, amount: bid.terms.amount.toString(), tx: fundTx });
  // The escrow holds the award now; the messages only tell the bidders sooner than their watch of
  // the chain would, so they go beside the queue: the manager's other tasks do not wait on a slow
  // recipient. A team is a contract: its members' agents hear the award.
  core.aside(async () => {
    await Promise.all([
      core.tell(team ? team.memberBids.map((b) => b.worker) : bid.worker, { type: "award", taskId, worker: bid.worker, fundTx }),
      ...others.map((loser) => core.tell(loser.worker, { type: "reject", taskId, worker: loser.worker, code: "outbid", reason: `awarded to ${bid.agentId}` })),
    ]);
  });
  return { ok: true, ...(fundTx ? { fundTx } : {}) };
}
