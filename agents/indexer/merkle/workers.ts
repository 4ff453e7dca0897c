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

type Reply = { ready: true } | { ok: true } | { ok: false; error: string };

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
