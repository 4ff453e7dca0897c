import pg from "pg";
import { processCpuMs } from "../../../agents/cli/processes.js";

/**
 * The PostgreSQL backends (server processes) of the connections named `applicationName`, on a
 * server on this machine: `cpu()` reads their CPU so far per pid; `cpu(before)` the CPU they spent
 * since `before` (a backend that connected since counts from zero). A backend that disconnected
 * in between is not counted, so the figure is a lower bound.
 *
 * @example
 * const b = postgresBackends(url, "indexer_load"); const t0 = await b.cpu(); ...; const ms = await b.cpu(t0);
 */
export function postgresBackends(databaseUrl: string, applicationName: string) {
  async function pids(): Promise<number[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [applicationName])).rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }
  async function cpu(): Promise<Map<number, number>>;
  async function cpu(before: Map<number, number> | undefined): Promise<number>;
  async function cpu(before?: Map<number, number>): Promise<Map<number, number> | number> {
    const now = new Map((await pids()).map((pid) => [pid, processCpuMs(pid) ?? 0]));
    if (!before) return now;
    return [...now].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
  }
  return { cpu };
}
