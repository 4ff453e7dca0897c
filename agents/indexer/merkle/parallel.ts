import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { buildWithThreads } from "./build.js";
import type { FlatReviewTree } from "./tree.js";

export interface ParallelLayout {
  /** Leaves per chunk (default 4096). */
  chunkLeaves?: number;
  /** Chunks in the ring of encoded leaves (default 4 per thread). */
  slots?: number;
}

/**
 * Builds the tree with `threads` threads (this one plus threads−1 workers) sharing one WebAssembly
 * memory: the workers hash leaf chunks as soon as this thread has encoded them (encoding needs
 * the JS review objects, so it stays here), this thread hashes too whenever it waits for a slot
 * and once encoding is done, and after the sort every thread claims whole subtrees of internal
 * nodes. Same bytes as the serial build.
 */
export function buildInParallel(leaves: readonly ReviewLeaf[], threads: number, layout: ParallelLayout = {}): Promise<FlatReviewTree> {
  return buildWithThreads(leaves, threads, layout);
}
