import type { Db } from "./Db.js";
import { openPglite } from "./pglite.js";
import { openPostgres } from "./postgres.js";
import { migrate } from "./schema.js";

/**
 * Opens the indexer's database and creates its tables: PostgreSQL when `databaseUrl` is set,
 * otherwise embedded PGlite (on disk under `dataDir`, or in memory).
 *
 * @example
 * const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: "./data/indexer" });
 */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; schema?: string } = {}): Promise<Db> {
  const db = opts.databaseUrl
    ? await openPostgres({ url: opts.databaseUrl, ...(opts.schema ? { schema: opts.schema } : {}) })
    : await openPglite({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.schema ? { schema: opts.schema } : {}) });
  await migrate(db);
  return db;
}
