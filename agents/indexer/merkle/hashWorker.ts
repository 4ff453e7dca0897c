import { parentPort } from "node:worker_threads";
import { CTRL, hashRingChunk, hashSubtree, type LeafRing } from "./hashing.js";
import { createKeccak256 } from "./keccak.js";

/** Jobs the parallel builder posts; every buffer is a SharedArrayBuffer. */
export type HashJob =
  | {
      kind: "leaves";
      ring: SharedArrayBuffer;
      hashes: SharedArrayBuffer;
      ctrl: SharedArrayBuffer;
      n: number;
      chunkLeaves: number;
      slots: number;
    }
  | { kind: "subtrees"; nodes: SharedArrayBuffer; ctrl: SharedArrayBuffer; n: number; firstRoot: number; rootCount: number };

const k = await createKeccak256();
const port = parentPort;
if (!port) throw new Error("hashWorker must run in a worker thread");

/** Claims leaf chunks until none are left, waiting for the main thread to encode each one. */
function leaves(job: Extract<HashJob, { kind: "leaves" }>): void {
  const ctrl = new Int32Array(job.ctrl);
  const r: LeafRing = { ...job, ring: new Uint8Array(job.ring), hashes: new Uint8Array(job.hashes), ctrl };
  const chunks = Math.ceil(job.n / job.chunkLeaves);
  for (;;) {
    const c = Atomics.add(ctrl, CTRL.nextChunk, 1);
    if (c >= chunks) return;
    for (;;) {
      if (Atomics.load(ctrl, CTRL.abort) !== 0) return;
      const ready = Atomics.load(ctrl, CTRL.encoded);
      if (ready > c) break;
      Atomics.wait(ctrl, CTRL.encoded, ready, 1000);
    }
    hashRingChunk(k, r, c);
  }
}

function subtrees(job: Extract<HashJob, { kind: "subtrees" }>): void {
  const ctrl = new Int32Array(job.ctrl);
  const nodes = new Uint8Array(job.nodes);
  const scratch = new Uint8Array(64);
  for (;;) {
    const r = Atomics.add(ctrl, CTRL.nextSubtree, 1);
    if (r >= job.rootCount) return;
    hashSubtree(k, nodes, job.n, job.firstRoot + r, scratch);
  }
}

port.on("message", (job: HashJob) => {
  try {
    if (job.kind === "leaves") leaves(job);
    else subtrees(job);
    port.postMessage({ ok: true });
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ ready: true });
