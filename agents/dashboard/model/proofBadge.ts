import type { Hex } from "viem";
import type { ReviewResponse } from "../../indexer/api/schemas.js";
import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { isReviewProven } from "../../protocol/reviewProof.js";
import { toHash32 } from "../../protocol/codecs.js";

// Pure and browser-safe: what a review's badge says, given the root the page read from the chain.

/** "proven": the proof leads from the review to the root ReputationAnchor holds; never the indexer's word. */
export type Badge =
  | { state: "checking" }
  | { state: "proven"; root: Hex; steps: number }
  | { state: "failed"; reason: string }
  | { state: "unanchored"; reason: string };

/** The leaf fields of a served review (the six signed ones and the task's worker, claim and delivery), as the indexer client decoded them. */
export function reviewFieldsOf(r: ReviewResponse): ReviewLeaf {
  const { taskId, reviewer, subject, rating, commentHash, timestamp, worker, claimedSuccessBps, deliveredBps } = r.review;
  return { taskId, reviewer, subject, rating, commentHash, timestamp, worker, claimedSuccessBps, deliveredBps };
}

const short = (h: string) => `${h.slice(0, 10)}…`;

/**
 * Judges a served review against `chainRoot`, the root ReputationAnchor returned for its epoch
 * (null: the contract holds none). The indexer's own `root` field is not used to decide.
 *
 * @example
 * badgeFor(response, (await readEpoch(client, anchor, BigInt(response.epoch)))?.root ?? null)
 */
export function badgeFor(r: ReviewResponse, chainRoot: Hex | null): Badge {
  if (!r.anchored || !r.proof) return { state: "unanchored", reason: `epoch ${r.epoch} is not anchored yet` };
  if (chainRoot === null) return { state: "failed", reason: `ReputationAnchor holds no root for epoch ${r.epoch}` };
  let ok: boolean;
  try {
    ok = isReviewProven(chainRoot, reviewFieldsOf(r), r.proof);
  } catch (err) {
    return { state: "failed", reason: `the review's fields cannot form a leaf: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
  }
  if (ok) return { state: "proven", root: chainRoot, steps: r.proof.length };
  const indexerRoot = r.root && toHash32(r.root) !== chainRoot ? ` (the indexer claims root ${short(r.root)})` : "";
  return { state: "failed", reason: `the ${r.proof.length}-step proof does not lead to the on-chain root ${short(chainRoot)} of epoch ${r.epoch}${indexerRoot}` };
}
