import { Worker } from "node:worker_threads";
import { hundredths, percentile } from "./stats.js";

/** How late a 1 ms timer fired in a thread that did nothing else. */
export interface TimerLateness {
  /** Timers that fired between start and stop. */
  wakeUps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Wake-ups more than 5 ms late. */
  over5Ms: number;
}

// The probe: sleeps 1 ms again and again and keeps how late each wake-up was, until told to stop.
const PROBE = `
const { parentPort } = require("node:worker_threads");
const late = [];
let stopped = false;
let last = performance.now();
parentPort.once("message", () => (stopped = true));
(function tick() {
  const now = performance.now();
  late.push(Math.max(0, now - last - 1));
  last = now;
  if (stopped) parentPort.postMessage(late);
  else setTimeout(tick, 1);
})();
`;

/**
 * Measures, from start to stop, how late a 1 ms timer fires in a worker thread of its own that
 * does nothing else: the delay the machine itself adds to any wake-up (other runnable processes
 * on the same cores, the hypervisor), the floor under a latency tail measured in the same window.
 *
 * @example
 * const probe = timerLateness();
 * await runTheLoad();
 * const { p99Ms } = await probe.stop();
 */
export function timerLateness(): { stop(): Promise<TimerLateness> } {
  const worker = new Worker(PROBE, { eval: true });
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    async stop(): Promise<TimerLateness> {
      worker.postMessage("stop");
      const late = (await done).sort((a, b) => a - b);
      await worker.terminate();
      return { wakeUps: late.length, p50Ms: hundredths(percentile(late, 50)), p99Ms: hundredths(percentile(late, 99)), maxMs: hundredths(late.at(-1) ?? 0), over5Ms: late.filter((x) => x > 5).length };
    },
  };
}
