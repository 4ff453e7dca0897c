import type { z } from "zod";
import type { Address, Hex } from "viem";
import { ChecksumAddress } from "./codecs.js";
import { ClaimBps } from "./messages.js";
import { reviewTypes } from "./eip712.js";
import { ReviewFields } from "./review.js";
import type { ReviewOutcome } from "./taskLifecycle.js";

/**
 * The Merkle leaf of a review: the six fields its author signs, then three facts of the reviewed
 * task that the indexer copies from the escrow's events (the author signs none of them): the
 * task's worker, the success it claimed in its signed bid (TaskFunded `settings` bits [240, 256))
 * and the success it delivered (see {@link deliveredBpsOf}). Anchoring them with the review makes
 * a worker's calibration provable to anyone, not only to the managers it worked for.
 *
 * The one definition of the leaf: its ABI types ({@link REVIEW_LEAF_TYPES}), its values
 * ({@link reviewLeaf}), the byte encoder of the indexer's tree (merkle/encode.ts) and
 * `ReviewLeaf.sol` all follow this field list.
 */
export const REVIEW_LEAF_FIELDS = [
  ...reviewTypes.Review,
  { name: "worker", type: "address" },
  { name: "claimedSuccessBps", type: "uint16" },
  { name: "deliveredBps", type: "uint16" },
] as const;

/** ABI types of a review leaf, in the order StandardMerkleTree and ReputationAnchor use. */
export const REVIEW_LEAF_TYPES = REVIEW_LEAF_FIELDS.map((f) => f.type);

/** A leaf's fields: the signed review plus the task's worker, its claim and its delivery. */
export const ReviewLeaf = ReviewFields.extend({
  worker: ChecksumAddress,
  claimedSuccessBps: ClaimBps,
  deliveredBps: ClaimBps,
});
export type ReviewLeaf = z.output<typeof ReviewLeaf>;

/** The three task facts a leaf adds to the signed review. */
export type LeafTaskFacts = Pick<ReviewLeaf, "worker" | "claimedSuccessBps" | "deliveredBps">;

/** The leaf values of a review, in {@link REVIEW_LEAF_TYPES} order. */
export function reviewLeaf(r: ReviewLeaf): [Hex, Address, Address, number, Hex, bigint, Address, number, number] {
  return [r.taskId, r.reviewer, r.subject, r.rating, r.commentHash, r.timestamp, r.worker, r.claimedSuccessBps, r.deliveredBps];
}

/**
 * The success a settled task delivered, in basis points: the worker's share of the amount by the
 * settlement. Released and auto-released pay it all (10,000), a refund nothing (0), a split
 * (arbiter's ruling or the fallback) the `workerBps` of its event.
 *
 * @example deliveredBpsOf("split", 2_500) // 2500
 */
export function deliveredBpsOf(outcome: ReviewOutcome, workerBps: number | null): number {
  switch (outcome) {
    case "released":
    case "auto-released":
      return 10_000;
    case "refunded":
      return 0;
    case "split":
      return workerBps ?? 0;
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}
