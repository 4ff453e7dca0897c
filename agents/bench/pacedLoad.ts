import { Worker } from "node:worker_threads";
import { hundredths, percentile } from "./stats.js";

/** What one load run measured. */
export interface LoadFigures {
  /** Requested rate (req/s), null for "as fast as it answers". */
  targetRate: number | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export type PacedFigures = LoadFigures & { targetRate: number };

/**
 * Open-loop load at an even `rate` (req/s) for `seconds`, from a worker thread speaking HTTP/1.1
 * keep-alive on raw sockets (pacedLoadWorker.mjs), with each latency measured from the moment the
 * request was due. `url` + each path is a full URL: paths may name several servers. A `warmup`
 * (its own paths and seconds, at the same rate) runs first on the same connections and is not
 * reported. autocannon's `overallRate` instead sends
 * each connection's whole per-second quota in a burst at the top of every second, so its p99 at a
 * fixed rate mostly measures that burst queueing; both figures are reported.
 *
 * @example
 * const f = await pacedLoad({ url: "http://127.0.0.1:8787", paths: ["/health"], rate: 1000, seconds: 10 });
 */
export async function pacedLoad(o: {
  url: string;
  paths: readonly string[];
  rate: number;
  seconds: number;
  warmup?: { paths: readonly string[]; seconds: number };
}): Promise<PacedFigures> {
  const workerData = { ...o, paths: [...o.paths], warmup: o.warmup && { paths: [...o.warmup.paths], seconds: o.warmup.seconds } };
  const worker = new Worker(new URL("./pacedLoadWorker.mjs", import.meta.url), { workerData });
  const result = await new Promise<{ latencies: Float64Array; non2xx: number; errors: number; elapsedMs: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    targetRate: o.rate,
    requestsPerSecond: Math.round(sorted.length / (result.elapsedMs / 1000)),
    p50Ms: hundredths(percentile(sorted, 50)),
    p99Ms: hundredths(percentile(sorted, 99)),
    requests: sorted.length,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
