import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { toHash32 } from "../../protocol/codecs.js";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../../protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { assertReviewFields, ReviewTreeInputError } from "../../protocol/reviewProof.js";

// This file is browser-safe (no Node built-ins): the dashboard checks proofs with it in the page.

/**
 * The root of the StandardMerkleTree over `reviews` (@openzeppelin/merkle-tree, sorted leaves):
 * what anyone holding an epoch's dataset recomputes and compares with the anchored root.
 *
 * @throws ReviewTreeInputError when `reviews` is empty or a review does not fit the leaf types.
 * @example
 * reviewTreeRoot(dataset.leaves.map(toFields)) === onChainRoot
 */
export function reviewTreeRoot(reviews: readonly ReviewLeaf[]): Hex {
  if (reviews.length === 0) throw new ReviewTreeInputError("a review tree needs at least one leaf", { code: "REVIEW_TREE_EMPTY" });
  reviews.forEach(assertReviewFields);
  return toHash32(StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]).root);
}
