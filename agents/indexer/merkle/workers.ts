import { Worker } from "node:worker_threads";
import { ReviewTreeWorkerError } from "./errors.js";
import type { HashJob } from "./hashWorker.js";

/** A worker running hashWorker.ts; under a TypeScript loader (tsx, Hardhat) it loads the .ts source. */
export function spawnHashWorker(): Worker {
  const isTs = import.meta.url.endsWith(".ts");
  const url = new URL(`./hashWorker.${isTs ? "ts" : "js"}`, import.meta.url);
  const execArgv = isTs ? [...process.execArgv, "--import", import.meta.resolve("tsx")] : process.execArgv;
  return new Worker(url, { execArgv });
}

type Reply = { ok: true } | { ok: false; error: string };

/** Resolves on the worker's next reply; rejects if it errors or exits first. */
export function nextReply(w: Worker): Promise<Reply> {
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

export async function runJob(w: Worker, job: HashJob): Promise<void> {
  const reply = nextReply(w);
  w.postMessage(job);
  const r = await reply;
  if ("ok" in r && !r.ok) throw new ReviewTreeWorkerError("hash worker failed", { code: "REVIEW_TREE_WORKER_FAILED", details: { error: r.error } });
}

// Atomics.waitAsync is ES2024 (the project's TypeScript lib is ES2023); Node 20+ has it.
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/**
 * Resolves once control word `slot` reaches `target` (work counted by whichever thread did it);
 * rejects if one of `jobs` fails or the count does not move for `stallMs`. It waits without
 * blocking, so a failed worker's rejection can arrive.
 */
export async function awaitCount(ctrl: Int32Array, slot: number, target: number, jobs: Promise<void>[], stallMs: number): Promise<void> {
  let failure: unknown;
  for (const j of jobs) j.catch((err: unknown) => (failure ??= err));
  let last = -1;
  let since = performance.now();
  for (let v = Atomics.load(ctrl, slot); v < target; v = Atomics.load(ctrl, slot)) {
    if (failure !== undefined) throw failure;
    if (v !== last) [last, since] = [v, performance.now()];
    else if (performance.now() - since > stallMs) {
      throw new ReviewTreeWorkerError("hash worker stopped making progress", { code: "REVIEW_TREE_WORKER_STALLED", details: { done: v, of: target, waitedMs: stallMs } });
    }
    const w = waitAsync(ctrl, slot, v, 100);
    if (w.async) await w.value;
  }
}
