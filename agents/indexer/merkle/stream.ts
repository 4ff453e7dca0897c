import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { assertLeafCount, defaultThreads } from "./build.js";
import { TreeBuild, type TreeBuildOptions } from "./builder.js";
import { LEAF_BYTES } from "./encode.js";
import { ReviewTreeInputError } from "./errors.js";
import type { ReviewMerkleTree } from "./tree.js";

/** A piece of an epoch's leaves: review objects, or their abi encodings back to back (LEAF_BYTES, 288 bytes, each). */
export type LeafChunk = readonly ReviewLeaf[] | Uint8Array;

export interface StreamingBuildOptions {
  /** Hashing threads including this one; default 2 from 200,000 leaves on a machine with 2+ cores, else 1. */
  threads?: number;
  /** For benchmarks: the wall time of finish()'s steps (see TreeBuildOptions). */
  onPhase?: TreeBuildOptions["onPhase"];
}

/**
 * Builds the tree of `count` reviews that arrive in chunks (a database cursor, a file), hashing
 * each chunk's leaves as it comes and keeping only the hashes: memory is the tree itself
 * ((2n−1)·32 bytes) plus n·32 for the leaf hashes and n·8 for the order, never the reviews.
 * Same bytes as buildReviewTree of the concatenated chunks. A Uint8Array chunk holds leaves
 * already abi-encoded (as encodeReviewLeaf writes them), taken as they are.
 *
 * @throws ReviewTreeInputError when the chunks hold more or fewer than `count` reviews, or a review does not fit the leaf types.
 * @example
 * const tree = await buildReviewTreeStreaming(leafCount, reviewChunks(db, epoch));
 */
export async function buildReviewTreeStreaming(
  count: number,
  chunks: AsyncIterable<LeafChunk> | Iterable<LeafChunk>,
  opts: StreamingBuildOptions = {},
): Promise<ReviewMerkleTree> {
  assertLeafCount(count);
  const wrongCount = (seen: number) =>
    new ReviewTreeInputError(`the chunks hold ${seen === count + 1 ? "more than" : seen} reviews, not ${count}`, {
      code: "REVIEW_TREE_COUNT_MISMATCH",
      details: { expected: count, seen },
    });
  const build = TreeBuild.start(count, { threads: opts.threads ?? defaultThreads(count), ...(opts.onPhase ? { onPhase: opts.onPhase } : {}) });
  try {
    for await (const chunk of chunks) {
      const encoded = chunk instanceof Uint8Array;
      if (encoded && chunk.length % LEAF_BYTES !== 0) {
        throw new ReviewTreeInputError(`an encoded chunk of ${chunk.length} bytes is not whole leaves of ${LEAF_BYTES}`, { code: "REVIEW_TREE_BAD_CHUNK", details: { bytes: chunk.length } });
      }
      const leaves = encoded ? chunk.length / LEAF_BYTES : chunk.length;
      if (build.added + leaves > count) throw wrongCount(count + 1);
      if (encoded) build.addEncoded(chunk);
      else build.addReviews(chunk);
    }
    if (build.added !== count) throw wrongCount(build.added);
  } catch (err) {
    await build.dispose();
    throw err;
  }
  return build.finish();
}
