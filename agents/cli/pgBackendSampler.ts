import type pg from "pg";
import { processCpuMs } from "./processes.js";

/**
 * CPU of the PostgreSQL backends serving sessions named `applicationName` (pg_stat_activity),
 * read from /proc every `everyMs` between start() and stop(): a backend seen at the first sample
 * counts from that sample, one that appears later from zero (it started inside the window); a
 * backend that ends between two samples loses at most that interval. The server must run on
 * this machine.
 *
 * @example
 * const s = pgBackendSampler(new pg.Client({ connectionString }), "indexer_e2e");
 * s.start(); ... await s.stop(); s.cpuMs();
 */
export function pgBackendSampler(client: pg.Client, applicationName: string, everyMs = 200) {
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let first = true;
  let stopped = false;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === null) continue;
      if (!base.has(pid)) base.set(pid, first ? ms : 0);
      last.set(pid, ms);
    }
    first = false;
  };
  const tick = () => {
    running = sample()
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  return {
    start(): void {
      void client.connect().then(tick, () => {});
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await running;
      await sample().catch(() => {});
      await client.end().catch(() => {});
    },
    /** CPU milliseconds of those backends inside the window. */
    cpuMs(): number {
      let ms = 0;
      for (const [pid, b] of base) ms += (last.get(pid) ?? b) - b;
      return ms;
    },
  };
}
