import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { UserInputError } from "../errors.js";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "./eip712.js";
import type { ReviewFields } from "./review.js";

// Browser-safe (no Node built-ins): the dashboard checks proofs with this in the page.

/** A review cannot be encoded as a leaf, a leaf index is out of range, or the leaf list is empty. */
export class ReviewTreeInputError extends UserInputError {
  override name = "ReviewTreeInputError";
}

const HASH32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT64_MAX = (1n << 64n) - 1n;

/** Throws the typed error of a review that does not fit {@link REVIEW_LEAF_TYPES}, naming the field. */
export function assertReviewFields(r: ReviewFields): void {
  const bad = (field: string, value: unknown, expected: string): never => {
    throw new ReviewTreeInputError(`review: ${field} must be ${expected}`, {
      code: "REVIEW_TREE_BAD_FIELD",
      details: { field, value: typeof value === "bigint" ? value.toString() : value, expected },
    });
  };
  if (typeof r !== "object" || r === null) bad("review", r, "an object with the six leaf fields");
  for (const f of ["taskId", "commentHash"] as const) if (typeof r[f] !== "string" || !HASH32.test(r[f])) bad(f, r[f], "0x-prefixed hex of exactly 32 bytes");
  for (const f of ["reviewer", "subject"] as const) if (typeof r[f] !== "string" || !ADDRESS.test(r[f])) bad(f, r[f], "0x-prefixed hex of exactly 20 bytes");
  if (!Number.isInteger(r.rating) || r.rating < 0 || r.rating > 255) bad("rating", r.rating, "an integer in [0, 255]");
  if (typeof r.timestamp !== "bigint" || r.timestamp < 0n || r.timestamp > UINT64_MAX) bad("timestamp", r.timestamp, "a bigint in [0, 2^64)");
}

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
 * @throws ReviewTreeInputError when the review does not fit the leaf types.
 * @example
 * isReviewProven(onChainRoot, review, proofFromIndexer); // true or false
 */
export function isReviewProven(root: Hex, review: ReviewFields, proof: readonly Hex[]): boolean {
  assertReviewFields(review);
  if (typeof root !== "string" || !HASH32.test(root)) return false;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === "string" && HASH32.test(p))) return false;
  return StandardMerkleTree.verify(root.toLowerCase(), [...REVIEW_LEAF_TYPES], reviewLeaf(review), [...proof]);
}
