import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { toHash32 } from "./codecs.js";
import { UserInputError } from "../errors.js";
import { REVIEW_LEAF_FIELDS, REVIEW_LEAF_TYPES, reviewLeaf, type ReviewLeaf } from "./reviewLeaf.js";

// Browser-safe (no Node built-ins): the dashboard checks proofs with this in the page.

/** A review cannot be encoded as a leaf, a leaf index is out of range, or the leaf list is empty. */
export class ReviewTreeInputError extends UserInputError {
  override name = "ReviewTreeInputError";
}

const HASH32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT_MAX = { uint8: 255n, uint16: 65_535n, uint64: (1n << 64n) - 1n } as const;

/** Throws the typed error of a leaf that does not fit {@link REVIEW_LEAF_TYPES}, naming the field. */
export function assertReviewFields(r: ReviewLeaf): void {
  const bad = (field: string, value: unknown, expected: string): never => {
    throw new ReviewTreeInputError(`review: ${field} must be ${expected}`, {
      code: "REVIEW_TREE_BAD_FIELD",
      details: { field, value: typeof value === "bigint" ? value.toString() : value, expected },
    });
  };
  if (typeof r !== "object" || r === null) bad("review", r, "an object with the leaf fields");
  for (const { name, type } of REVIEW_LEAF_FIELDS) {
    const v: unknown = r[name];
    if (type === "bytes32") {
      if (typeof v !== "string" || !HASH32.test(v)) bad(name, v, "0x-prefixed hex of exactly 32 bytes");
    } else if (type === "address") {
      if (typeof v !== "string" || !ADDRESS.test(v)) bad(name, v, "0x-prefixed hex of exactly 20 bytes");
    } else if (type === "uint64") {
      if (typeof v !== "bigint" || v < 0n || v > UINT_MAX.uint64) bad(name, v, "a bigint in [0, 2^64)");
    } else if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > Number(UINT_MAX[type])) {
      bad(name, v, `an integer in [0, ${UINT_MAX[type]}]`);
    }
  }
}

/**
 * The one proof check: is `review` *proven*, i.e. does `proof` put its leaf under `root`?
 * It runs @openzeppelin/merkle-tree's own verifier, as any third party would; the leaf is
 * keccak256(keccak256(abi.encode(...the nine leaf fields of reviewLeaf.ts))),
 * the same one ReputationAnchor.verifyReview computes. A malformed root or proof simply does not
 * prove anything. Whether `root` is the one anchored on chain is the caller's question.
 *
 * @param root the epoch's Merkle root (read it from ReputationAnchor, not from the indexer)
 * @param review the leaf: the six signed review fields and the task's worker, claim and delivery
 * @param proof the sibling hashes from leaf to root
 * @returns true when the proof holds
 * @throws ReviewTreeInputError when the review does not fit the leaf types.
 * @example
 * isReviewProven(onChainRoot, review, proofFromIndexer); // true or false
 */
export function isReviewProven(root: Hex, review: ReviewLeaf, proof: readonly Hex[]): boolean {
  assertReviewFields(review);
  if (typeof root !== "string" || !HASH32.test(root)) return false;
  if (!Array.isArray(proof) || !proof.every((p) => typeof p === "string" && HASH32.test(p))) return false;
  return StandardMerkleTree.verify(toHash32(root), [...REVIEW_LEAF_TYPES], reviewLeaf(review), [...proof]);
}
