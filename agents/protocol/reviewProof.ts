import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { UserInputError } from "../errors.js";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "./eip712.js";
import type { ReviewFields } from "./review.js";

/** A review's fields do not fit the leaf's ABI types (e.g. a rating above 255), so no proof can hold. */
export class ReviewFieldsError extends UserInputError {
  override name = "ReviewFieldsError";
}

const HASH32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * The one proof check: is `review` *proven*, i.e. does `proof` put its leaf under `root`?
 * It runs @openzeppelin/merkle-tree's own verifier, as any third party would; the leaf is
 * keccak256(keccak256(abi.encode(taskId, reviewer, subject, rating, commentHash, timestamp))),
 * the same one ReputationAnchor.verifyReview computes. A malformed root or proof simply does not
 * prove anything. Whether `root` is the one anchored on chain is the caller's question.
 *
 * @param root the epoch's Merkle root (read it from ReputationAnchor, not from the indexer)
 * @param review the six signed review fields
 * @param proof the sibling hashes from leaf to root
 * @returns true when the proof holds
 * @throws ReviewFieldsError when the review does not fit the leaf types.
 * @example
 * isReviewProven(onChainRoot, review, proofFromIndexer); // true or false
 */
export function isReviewProven(root: Hex, review: ReviewFields, proof: readonly Hex[]): boolean {
  if (typeof root !== "string" || !HASH32.test(root)) return false;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === "string" && HASH32.test(p))) return false;
  try {
    return StandardMerkleTree.verify(root.toLowerCase(), [...REVIEW_LEAF_TYPES], reviewLeaf(review), [...proof]);
  } catch (cause) {
    throw new ReviewFieldsError("review fields do not fit the Merkle leaf types", { code: "REVIEW_FIELDS_INVALID", details: { taskId: review.taskId }, cause });
  }
}
