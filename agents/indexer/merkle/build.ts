import { availableParallelism } from "node:os";
import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { TreeBuild } from "./builder.js";
import { encodeReviewLeaves, LEAF_BYTES } from "./encode.js";
import { ReviewTreeInputError } from "./errors.js";
import { fixedSharedMemory, instantiateKeccak, type KeccakWasm } from "./keccak.js";
import type { FlatReviewTree } from "./tree.js";

/** Below this many leaves the default is one thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_LEAVES = 200_000;

/** The default hashing threads for n leaves: 2 when the machine has 2+ cores and n ≥ {@link PARALLEL_MIN_LEAVES}. */
export function defaultThreads(n: number): number {
  return n >= PARALLEL_MIN_LEAVES ? Math.min(2, availableParallelism()) : 1;
}

export function assertLeafCount(n: number): void {
  if (n === 0) {
    throw new ReviewTreeInputError("a review tree needs at least one leaf", { code: "REVIEW_TREE_EMPTY" });
  }
}

// Leaves are encoded and hashed in chunks so the encodings never all exist at once.
const CHUNK_LEAVES = 4096;
let scratch: { k: KeccakWasm; mem: Buffer } | undefined;

/** Leaf hashes of `leaves` on this thread, 32 bytes each into `out` (one WASM call per 4,096 leaves). */
export function hashReviewLeaves(leaves: readonly ReviewLeaf[], out: Uint8Array): void {
  const s = (scratch ??= (() => {
    const k = instantiateKeccak(fixedSharedMemory(CHUNK_LEAVES * (LEAF_BYTES + 32)));
    return { k, mem: Buffer.from(k.memory.buffer) };
  })());
  const hashesAt = CHUNK_LEAVES * LEAF_BYTES;
  for (let from = 0; from < leaves.length; from += CHUNK_LEAVES) {
    const to = Math.min(from + CHUNK_LEAVES, leaves.length);
    encodeReviewLeaves(leaves, from, to, s.mem.subarray(0, (to - from) * LEAF_BYTES));
    s.k.leaves(0, to - from, hashesAt);
    out.set(s.mem.subarray(hashesAt, hashesAt + (to - from) * 32), from * 32);
  }
}

/** Builds the whole tree with `threads` threads (see {@link TreeBuild}). */
export async function buildWithThreads(leaves: readonly ReviewLeaf[], threads: number, layout: { chunkLeaves?: number; slots?: number } = {}): Promise<FlatReviewTree> {
  assertLeafCount(leaves.length);
  const build = TreeBuild.start(leaves.length, { threads, ...layout });
  try {
    build.addReviews(leaves);
  } catch (err) {
    await build.dispose();
    throw err;
  }
  return build.finish();
}

/** Builds the whole tree on the calling thread. */
export function buildOnThisThread(leaves: readonly ReviewLeaf[]): Promise<FlatReviewTree> {
  return buildWithThreads(leaves, 1);
}
