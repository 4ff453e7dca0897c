import { parentPort } from "node:worker_threads";
import { CTRL, chunkCount, claimEncodedChunk, fillSubtrees, sortRanges, sortTarget, type BuildLayout } from "./hashing.js";
import { instantiateOn } from "./wasm/instance.js";
import type { WasmMemory, WasmModule } from "./wasm/api.js";

/** Jobs the builder posts: the build's shared WebAssembly memory, the compiled module and the control words. */
export type HashJob =
  | { kind: "leaves"; memory: WasmMemory; module: WasmModule; ctrl: SharedArrayBuffer; layout: BuildLayout }
  | {
      kind: "subtrees";
      memory: WasmMemory;
      module: WasmModule;
      ctrl: SharedArrayBuffer;
      layout: BuildLayout;
      firstRoot: number;
      rootCount: number;
    }
  | {
      kind: "sort";
      memory: WasmMemory;
      module: WasmModule;
      ctrl: SharedArrayBuffer;
      layout: BuildLayout;
      order: SharedArrayBuffer;
      treeIndexOf: SharedArrayBuffer;
      ranges: number;
    };

const port = parentPort;
if (!port) throw new Error("hashWorker must run in a worker thread");

/** Claims leaf chunks until none are left, waiting for the main thread to publish each one. */
function leaves(job: Extract<HashJob, { kind: "leaves" }>): void {
  const k = instantiateOn(job.memory, job.module);
  const ctrl = new Int32Array(job.ctrl);
  const chunks = chunkCount(job.layout);
  for (;;) {
    if (Atomics.load(ctrl, CTRL.abort) !== 0) return;
    if (claimEncodedChunk(k, job.layout, ctrl)) continue;
    if (Atomics.load(ctrl, CTRL.nextChunk) >= chunks) return;
    const ready = Atomics.load(ctrl, CTRL.encoded);
    if (ready <= Atomics.load(ctrl, CTRL.nextChunk)) Atomics.wait(ctrl, CTRL.encoded, ready, 1000);
  }
}

function subtrees(job: Extract<HashJob, { kind: "subtrees" }>): void {
  fillSubtrees(instantiateOn(job.memory, job.module), job.layout, new Int32Array(job.ctrl), job.firstRoot, job.rootCount);
}

port.on("message", (job: HashJob) => {
  try {
    if (job.kind === "leaves") leaves(job);
    else if (job.kind === "subtrees") subtrees(job);
    else sortRanges(sortTarget(job.layout, job.memory.buffer, job.order, job.treeIndexOf), new Int32Array(job.ctrl), job.ranges);
    port.postMessage({ ok: true });
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
