import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { assertLeafCount, hashReviewLeaves, layOutLeaves, sharedKeccak } from "./build.js";
import { ReviewTreeInputError } from "./errors.js";
import { hashInternalNodes } from "./hashing.js";
import { FlatReviewTree, type ReviewMerkleTree } from "./tree.js";

/**
 * Builds the tree of `count` reviews that arrive in chunks (a database cursor, a file), hashing
 * each chunk's leaves as it comes and keeping only the hashes: memory is the tree itself
 * ((2n−1)·32 bytes) plus n·32 for the leaf hashes and n·8 for the order, never the reviews.
 * Same bytes as buildReviewTree of the concatenated chunks.
 *
 * @throws ReviewTreeInputError when the chunks hold more or fewer than `count` reviews, or a review does not fit the leaf types.
 * @example
 * const tree = await buildReviewTreeStreaming(leafCount, reviewChunks(db, epoch));
 */
export async function buildReviewTreeStreaming(
  count: number,
  chunks: AsyncIterable<readonly ReviewLeaf[]> | Iterable<readonly ReviewLeaf[]>,
): Promise<ReviewMerkleTree> {
  assertLeafCount(count);
  const k = await sharedKeccak();
  const hashes = new Uint8Array(count * 32);
  let at = 0;
  const wrongCount = (seen: number) =>
    new ReviewTreeInputError(`the chunks hold ${seen === count + 1 ? "more than" : seen} reviews, not ${count}`, {
      code: "REVIEW_TREE_COUNT_MISMATCH",
      details: { expected: count, seen },
    });
  for await (const chunk of chunks) {
    if (at + chunk.length > count) throw wrongCount(count + 1);
    hashReviewLeaves(k, chunk, hashes.subarray(at * 32));
    at += chunk.length;
  }
  if (at !== count) throw wrongCount(at);
  const { nodes, treeIndexOf } = layOutLeaves(hashes, count);
  hashInternalNodes(k, nodes, count - 2, 0, new Uint8Array(64));
  return new FlatReviewTree(nodes, treeIndexOf);
}
