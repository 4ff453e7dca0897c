import { isAddressEqual, type Address } from "viem";
import type { ChainTaskFacts } from "../chain/taskFacts.js";
import { toHash32 } from "../protocol/codecs.js";
import type { ProvenReview } from "./provenClaims.js";

/**
 * A leaf fact that disagrees with the escrow's events: what the leaf says and what the chain says.
 *
 * @example
 * const m: LeafMismatch = { field: "claimedSuccessBps", leaf: 1_000, chain: 8_000 }; // the indexer lowered the claim
 */
export interface LeafMismatch {
  field: "worker" | "claimedSuccessBps" | "deliveredBps";
  leaf: string | number;
  chain: string | number;
}

/**
 * What the chain says about one *proven* leaf (its proof holds, so the anchored tree holds it):
 * - `chain-checked`: its task was funded between its reviewer and subject, and its worker, claim
 *   and delivery are the ones TaskFunded and the settlement event carry;
 * - `mismatched`: the task is there, but the leaf's worker, claim or delivery is not the chain's;
 * - `not-funded`: no funding of that task id between those two parties;
 * - `unsettled`: funded, but not (yet) settled by a path a review follows.
 * A root the indexer anchors itself is consistent with whatever leaves it chose, so only
 * `chain-checked` leaves say something true about the worker.
 *
 * @example
 * const trusted = rep.leaves.filter((l: LeafCheck) => l.status === "chain-checked").map((l) => l.review);
 */
export type LeafCheck =
  | { status: "chain-checked"; review: ProvenReview }
  | { status: "mismatched"; review: ProvenReview; mismatches: LeafMismatch[] }
  | { status: "not-funded"; review: ProvenReview }
  | { status: "unsettled"; review: ProvenReview };

/**
 * Checks each proven leaf's task facts against the escrow's (pure; read the facts with
 * `readTaskFacts`). The task is the funding of the leaf's task id whose client and worker are the
 * leaf's reviewer and subject, in either order.
 *
 * @example
 * const { tasks } = await readTaskFacts(publicClient, { address: escrow, taskIds: proven.map((r) => r.taskId) });
 * const trusted = checkLeaves(proven, tasks).filter((c) => c.status === "chain-checked");
 */
export function checkLeaves(leaves: readonly ProvenReview[], tasks: readonly ChainTaskFacts[]): LeafCheck[] {
  const byId = new Map<string, ChainTaskFacts[]>();
  for (const t of tasks) byId.set(toHash32(t.taskId), [...(byId.get(toHash32(t.taskId)) ?? []), t]);
  return leaves.map((review): LeafCheck => {
    const task = byId.get(toHash32(review.taskId))?.find((t) => isParty(t, review.reviewer) && isParty(t, review.subject) && !isAddressEqual(review.reviewer, review.subject));
    if (!task) return { status: "not-funded", review };
    const mismatches: LeafMismatch[] = [];
    if (!isAddressEqual(task.worker, review.worker)) mismatches.push({ field: "worker", leaf: review.worker, chain: task.worker });
    if (task.claimedSuccessBps !== review.claimedSuccessBps) mismatches.push({ field: "claimedSuccessBps", leaf: review.claimedSuccessBps, chain: task.claimedSuccessBps });
    if (task.deliveredBps === null) return mismatches.length ? { status: "mismatched", review, mismatches } : { status: "unsettled", review };
    if (task.deliveredBps !== review.deliveredBps) mismatches.push({ field: "deliveredBps", leaf: review.deliveredBps, chain: task.deliveredBps });
    return mismatches.length ? { status: "mismatched", review, mismatches } : { status: "chain-checked", review };
  });
}

function isParty(t: ChainTaskFacts, a: Address): boolean {
  return isAddressEqual(t.client, a) || isAddressEqual(t.worker, a);
}
