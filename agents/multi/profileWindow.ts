import { writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The measured window of a benchmark on the monotonic clock V8's CPU profiles use (µs), for
 * AGENT_CPU_PROF_DIR: `save` writes `window.json` ({ startUs, endUs, settled }) beside the agents'
 * profiles, so a profile can be cut to the time the tasks ran and divided by the tasks settled.
 *
 * @example
 * const w = profileWindow(); w.start(); ...; w.end(); await w.save(process.env.AGENT_CPU_PROF_DIR, settled);
 */
export function profileWindow() {
  let [startNs, endNs] = [0n, 0n];
  return {
    start: () => void (startNs = process.hrtime.bigint()),
    end: () => void (endNs = process.hrtime.bigint()),
    async save(dir: string | undefined, settled: number): Promise<void> {
      if (dir) await writeFile(path.join(dir, "window.json"), JSON.stringify({ startUs: Number(startNs / 1000n), endUs: Number(endNs / 1000n), settled }));
    },
  };
}
