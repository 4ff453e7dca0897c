import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { assertIdentifier, type Db } from "./Db.js";

interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * Embedded PostgreSQL (PGlite): nothing to install. `dataDir` persists to disk; without it the
 * database lives in memory. Pass `pg` to share one PGlite instance (it takes seconds to start)
 * between several handles, each in its own `schema`; handles sharing an instance must not be
 * used concurrently.
 *
 * @example
 * const db = await openPglite({ dataDir: "./data/indexer" });
 */
export async function openPglite(opts: { dataDir?: string; pg?: PGlite; schema?: string } = {}): Promise<Db> {
  const owned = opts.pg === undefined;
  // A fresh checkout has no data/ folder; PGlite creates only the last path segment.
  if (owned && opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const pg = opts.pg ?? (opts.dataDir ? new PGlite(opts.dataDir) : new PGlite());
  await pg.waitReady;
  if (opts.schema) {
    const schema = assertIdentifier(opts.schema);
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  }
  return wrap(pg, owned ? () => pg.close() : async () => {});
}

function wrap(pg: PGlite, close: () => Promise<void>): Db {
  const handle = (q: Queryable, inTx: boolean): Db => ({
    kind: "pglite",
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await q.query<T>(sql, [...params])).rows;
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(handle(q, true));
      return pg.transaction((tx) => fn(handle(tx, true)));
    },
    close,
  });
  return handle(pg, false);
}
