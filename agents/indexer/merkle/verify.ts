import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { REVIEW_LEAF_TYPES, reviewLeaf, type ReviewFields } from "../../protocol/eip712.js";
import { ReviewTreeInputError } from "./errors.js";

// This file is browser-safe (no Node built-ins): the dashboard checks proofs with it in the page.

const HASH32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT64_MAX = (1n << 64n) - 1n;

/** Throws the typed error of a review that does not fit {@link REVIEW_LEAF_TYPES}. */
function assertLeafFields(r: ReviewFields): void {
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
 * Checks a review and its proof against a root with @openzeppelin/merkle-tree's own verifier,
 * i.e. what any third party would run. A malformed proof or root simply does not verify.
 *
 * @throws ReviewTreeInputError when the review does not fit the leaf types.
 * @example
 * verifyReviewProof(onChainRoot, review, proofFromIndexer); // true or false
 */
export function verifyReviewProof(root: Hex, review: ReviewFields, proof: Hex[]): boolean {
  assertLeafFields(review);
  if (typeof root !== "string" || !HASH32.test(root)) return false;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === "string" && HASH32.test(p))) return false;
  return StandardMerkleTree.verify(root.toLowerCase(), [...REVIEW_LEAF_TYPES], reviewLeaf(review), proof);
}

/**
 * The root of the StandardMerkleTree over `reviews` (@openzeppelin/merkle-tree, sorted leaves):
 * what anyone holding an epoch's dataset recomputes and compares with the anchored root.
 *
 * @throws ReviewTreeInputError when `reviews` is empty or a review does not fit the leaf types.
 * @example
 * reviewTreeRoot(dataset.leaves.map(toFields)) === onChainRoot
 */
export function reviewTreeRoot(reviews: readonly ReviewFields[]): Hex {
  if (reviews.length === 0) throw new ReviewTreeInputError("a review tree needs at least one leaf", { code: "REVIEW_TREE_EMPTY" });
  reviews.forEach(assertLeafFields);
  return StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]).root as Hex;
}
