import type { Worker } from "node:worker_threads";
import { assertLeafCount, defaultThreads } from "./build.js";
import { ReviewTreeInputError } from "./errors.js";
import { CTRL, fillSubtrees, subtreeRoots, type BuildLayout } from "./hashing.js";
import { fixedSharedMemory, instantiateKeccak, keccakModule, WASM_MAX_BYTES } from "./keccak.js";
import { FlatReviewTree, type ReviewMerkleTree } from "./tree.js";
import { awaitCount, runJob, spawnHashWorker } from "./workers.js";

const STALL_MS = 60_000;
const NODES_AT = 64;

export interface SortedBuildOptions {
  /** Hashing threads for the internal nodes, including this one; default as buildReviewTreeStreaming. */
  threads?: number;
}

/**
 * Builds the tree of `count` leaf hashes (32 bytes each, back to back) that arrive in chunks
 * already in strictly ascending order: the order StandardMerkleTree sorts its leaves into, so
 * there is nothing to hash but the n − 1 internal nodes and nothing to sort. Each hash goes
 * straight to its place at the end of the flat node array (the j-th smallest at node 2n − 2 − j);
 * the same bytes, root and proofs as buildReviewTree of the reviews the hashes are the leaves of,
 * with input index i = the i-th smallest. Memory: the (2n − 1)·32-byte tree and n·4 for positions.
 *
 * The caller vouches that each hash is its review's leaf hash (closeEpoch.ts checks every stored
 * id against its row's fields in the dataset pass); this only checks the order, which a wrong
 * order would silently turn into a wrong tree.
 *
 * @throws ReviewTreeInputError when the chunks hold more or fewer than `count` hashes, a chunk is not whole hashes, or a hash is not greater than the one before it.
 * @example
 * const tree = await buildReviewTreeFromSortedHashes(ids.count, ids.take()); // ids = await readEpochLeafHashes(tx, epoch)
 */
export async function buildReviewTreeFromSortedHashes(
  count: number,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: SortedBuildOptions = {},
): Promise<ReviewMerkleTree> {
  assertLeafCount(count);
  const n = count;
  const bytes = NODES_AT + (2 * n - 1) * 32;
  if (bytes > WASM_MAX_BYTES) {
    throw new ReviewTreeInputError(`a tree of ${n} leaves needs ${bytes} bytes, more than the 4 GiB one build can address`, { code: "REVIEW_TREE_TOO_LARGE", details: { leafCount: n, bytes } });
  }
  const k = instantiateKeccak(fixedSharedMemory(bytes));
  const mem = new Uint8Array(k.memory.buffer);
  const words = new Uint32Array(k.memory.buffer);
  // Workers start now and load while the hashes arrive; they are needed only for the internal nodes.
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(n)));
  const workers: Worker[] = Array.from({ length: threads - 1 }, spawnHashWorker);
  try {
    let seen = 0;
    for await (const chunk of chunks) {
      if (chunk.length % 32 !== 0) throw new ReviewTreeInputError(`a chunk of ${chunk.length} bytes is not whole 32-byte hashes`, { code: "REVIEW_TREE_BAD_CHUNK", details: { bytes: chunk.length } });
      const m = chunk.length / 32;
      if (seen + m > n) throw countError(n, seen + m);
      // Copied word by word; an unaligned chunk is first copied whole (a Buffer's slice would be a view).
      const aligned = chunk.byteOffset % 4 === 0 ? chunk : new Uint8Array(chunk);
      const src = new Uint32Array(aligned.buffer, aligned.byteOffset, m * 8);
      for (let i = 0; i < m; i++, seen++) {
        const pos = 2 * n - 2 - seen;
        // The previous hash sits one node to the right: this one must be greater, byte by byte.
        if (seen > 0 && !greater(chunk, i * 32, mem, NODES_AT + (pos + 1) * 32)) {
          throw new ReviewTreeInputError(`leaf hash ${seen} is not greater than the one before it: the hashes are not sorted`, {
            code: "REVIEW_TREE_NOT_SORTED",
            details: { index: seen, hash: `0x${Buffer.from(chunk.buffer, chunk.byteOffset + i * 32, 32).toString("hex")}` },
          });
        }
        const d = (NODES_AT + pos * 32) / 4;
        for (let w = 0; w < 8; w++) words[d + w] = src[i * 8 + w]!;
      }
    }
    if (seen !== n) throw countError(n, seen);
    const layout: BuildLayout = { n, leafBytes: 32, chunkLeaves: 0, slots: 0, ring: 0, hashes: 0, nodes: NODES_AT, bytes };
    const ctrlBuf = new SharedArrayBuffer(CTRL.slotDone * 4);
    const ctrl = new Int32Array(ctrlBuf);
    const { firstRoot, rootCount } = subtreeRoots(n, threads);
    const jobs = workers.map((w) => runJob(w, { kind: "subtrees", memory: k.memory, module: keccakModule(), ctrl: ctrlBuf, layout, firstRoot, rootCount }));
    for (const j of jobs) j.catch(() => {});
    fillSubtrees(k, layout, ctrl, firstRoot, rootCount);
    await awaitCount(ctrl, CTRL.subtreesDone, rootCount, jobs, STALL_MS);
    if (firstRoot > 0) k.nodes(NODES_AT, firstRoot - 1, 0);
    const treeIndexOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) treeIndexOf[i] = 2 * n - 2 - i;
    return new FlatReviewTree(mem.subarray(NODES_AT, bytes), treeIndexOf);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Whether the 32 bytes at a[x] are greater than those at b[y]. */
function greater(a: Uint8Array, x: number, b: Uint8Array, y: number): boolean {
  for (let j = 0; j < 32; j++) {
    const d = a[x + j]! - b[y + j]!;
    if (d !== 0) return d > 0;
  }
  return false;
}

function countError(expected: number, seen: number): ReviewTreeInputError {
  return new ReviewTreeInputError(`the chunks hold ${seen > expected ? "more than" : seen} hashes, not ${expected}`, { code: "REVIEW_TREE_COUNT_MISMATCH", details: { expected, seen } });
}
