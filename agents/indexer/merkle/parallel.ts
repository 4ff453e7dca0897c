import { Worker } from "node:worker_threads";
import type { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { assertLeafCount, layOutLeaves, sharedKeccak } from "./build.js";
import { encodeReviewLeaves, LEAF_BYTES } from "./encode.js";
import { ReviewTreeWorkerError } from "./errors.js";
import { CTRL, hashInternalNodes, hashRingChunk, hashSubtree, type LeafRing } from "./hashing.js";
import type { HashJob } from "./hashWorker.js";
import type { Keccak256 } from "./keccak.js";
import { FlatReviewTree } from "./tree.js";

const CHUNK_LEAVES = 4096;
// Ring slots per thread: encoded leaves need slots * 4096 * 192 bytes (6 MB for two threads),
// not n * 192 (192 MB at a million leaves).
const SLOTS_PER_THREAD = 4;
// A chunk takes milliseconds to hash; this long without one finishing means a worker is gone.
const STALL_MS = 60_000;
// Subtrees handed out per thread: enough that uneven subtrees (the bottom level is only
// partly filled) even out between threads.
const SUBTREES_PER_THREAD = 16;

/** A worker running hashWorker.ts; under a TypeScript loader (tsx, Hardhat) it loads the .ts source. */
function spawn(): Worker {
  const isTs = import.meta.url.endsWith(".ts");
  const url = new URL(`./hashWorker.${isTs ? "ts" : "js"}`, import.meta.url);
  const execArgv = isTs ? [...process.execArgv, "--import", import.meta.resolve("tsx")] : process.execArgv;
  return new Worker(url, { execArgv });
}

type Reply = { ready: true } | { ok: true } | { ok: false; error: string };

/** Resolves on the worker's next reply; rejects if it errors or exits first. */
function nextReply(w: Worker): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
    };
    const onMessage = (m: Reply) => {
      cleanup();
      resolve(m);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new ReviewTreeWorkerError("hash worker failed", { code: "REVIEW_TREE_WORKER_FAILED", cause: err }));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new ReviewTreeWorkerError("hash worker exited", { code: "REVIEW_TREE_WORKER_FAILED", details: { code } }));
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
  });
}

async function run(w: Worker, job: HashJob): Promise<void> {
  const reply = nextReply(w);
  w.postMessage(job);
  const r = await reply;
  if ("ok" in r && !r.ok) throw new ReviewTreeWorkerError("hash worker failed", { code: "REVIEW_TREE_WORKER_FAILED", details: { error: r.error } });
}

/** Hashes one encoded chunk nobody has claimed yet, if there is one; false when there is none. */
function helpWithEncodedChunk(k: Keccak256, r: LeafRing): boolean {
  const c = Atomics.load(r.ctrl, CTRL.nextChunk);
  if (c >= Atomics.load(r.ctrl, CTRL.encoded)) return false;
  if (Atomics.compareExchange(r.ctrl, CTRL.nextChunk, c, c + 1) === c) hashRingChunk(k, r, c);
  return true;
}

export interface ParallelLayout {
  /** Leaves per chunk (default 4096). */
  chunkLeaves?: number;
  /** Chunks in the ring of encoded leaves (default 4 per thread). */
  slots?: number;
}

/**
 * Builds the tree with `threads` threads (this one plus threads−1 workers) sharing memory:
 * the workers hash leaf chunks as soon as this thread has encoded them (encoding needs the
 * JS review objects, so it stays here) through a small ring of chunk slots, this thread hashes
 * too whenever it waits for a slot and once encoding is done, and after the sort every thread
 * claims whole subtrees of internal nodes. Same bytes as the serial build.
 */
export async function buildInParallel(
  leaves: readonly ReviewLeaf[],
  threads: number,
  layout: ParallelLayout = {},
): Promise<FlatReviewTree> {
  const { chunkLeaves = CHUNK_LEAVES, slots = SLOTS_PER_THREAD * threads } = layout;
  const n = leaves.length;
  assertLeafCount(n);
  const workers = Array.from({ length: threads - 1 }, spawn);
  try {
    const ready = Promise.all(workers.map(nextReply));
    const k = await sharedKeccak();
    const ctrlBuf = new SharedArrayBuffer((CTRL.slotDone + slots) * 4);
    const ringBuf = new SharedArrayBuffer(slots * chunkLeaves * LEAF_BYTES);
    const hashesBuf = new SharedArrayBuffer(n * 32);
    const r: LeafRing = {
      ring: new Uint8Array(ringBuf),
      hashes: new Uint8Array(hashesBuf),
      ctrl: new Int32Array(ctrlBuf),
      n,
      chunkLeaves,
      slots,
    };
    const ctrl = r.ctrl;
    const ring = Buffer.from(ringBuf);
    await ready;

    const leafJobs = workers.map((w) =>
      run(w, { kind: "leaves", ring: ringBuf, hashes: hashesBuf, ctrl: ctrlBuf, n, chunkLeaves, slots }),
    );
    const chunks = Math.ceil(n / chunkLeaves);
    try {
      for (let c = 0; c < chunks; c++) {
        const slot = c % slots;
        // Chunk c - slots must be hashed before its slot is overwritten; help rather than idle.
        // This loop blocks the event loop, so a worker that died holding that chunk would never
        // be noticed: give up after STALL_MS without progress.
        const waitStart = performance.now();
        for (let done = Atomics.load(ctrl, CTRL.slotDone + slot); done < Math.floor(c / slots); done = Atomics.load(ctrl, CTRL.slotDone + slot)) {
          if (helpWithEncodedChunk(k, r)) continue;
          if (performance.now() - waitStart > STALL_MS) {
            throw new ReviewTreeWorkerError("hash worker stopped making progress", {
              code: "REVIEW_TREE_WORKER_STALLED",
              details: { chunk: c - slots, waitedMs: STALL_MS },
            });
          }
          Atomics.wait(ctrl, CTRL.slotDone + slot, done, 100);
        }
        const from = c * chunkLeaves;
        const to = Math.min(from + chunkLeaves, n);
        const at = slot * chunkLeaves * LEAF_BYTES;
        encodeReviewLeaves(leaves, from, to, ring.subarray(at, at + (to - from) * LEAF_BYTES));
        Atomics.store(ctrl, CTRL.encoded, c + 1);
        Atomics.notify(ctrl, CTRL.encoded);
      }
    } catch (err) {
      // Workers see the flag and return; `finally` terminates them either way, and the jobs'
      // rejections from that are expected, hence handled here.
      Atomics.store(ctrl, CTRL.abort, 1);
      Atomics.notify(ctrl, CTRL.encoded);
      void Promise.allSettled(leafJobs);
      throw err;
    }
    for (let c = Atomics.add(ctrl, CTRL.nextChunk, 1); c < chunks; c = Atomics.add(ctrl, CTRL.nextChunk, 1)) {
      hashRingChunk(k, r, c);
    }
    await Promise.all(leafJobs);
    const hashes = r.hashes;

    const nodesBuf = new SharedArrayBuffer((2 * n - 1) * 32);
    const { nodes, treeIndexOf } = layOutLeaves(hashes, n, new Uint8Array(nodesBuf));
    // Subtree roots at depth d; all of them must be internal nodes (index <= n-2).
    let d = Math.ceil(Math.log2(threads * SUBTREES_PER_THREAD));
    while (d > 0 && 2 ** (d + 1) - 2 > n - 2) d--;
    const firstRoot = 2 ** d - 1;
    const rootCount = 2 ** d;
    const nodeJobs = workers.map((w) => run(w, { kind: "subtrees", nodes: nodesBuf, ctrl: ctrlBuf, n, firstRoot, rootCount }));
    const scratch = new Uint8Array(64);
    for (let r = Atomics.add(ctrl, CTRL.nextSubtree, 1); r < rootCount; r = Atomics.add(ctrl, CTRL.nextSubtree, 1)) {
      hashSubtree(k, nodes, n, firstRoot + r, scratch);
    }
    await Promise.all(nodeJobs);
    if (firstRoot > 0) hashInternalNodes(k, nodes, firstRoot - 1, 0, scratch);
    return new FlatReviewTree(nodes, treeIndexOf);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
