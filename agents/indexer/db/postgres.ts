import pg from "pg";
import { assertIdentifier, type Db, type QueryOptions } from "./Db.js";

/**
 * A PostgreSQL server through a `pg` pool. `schema` sets the search path of every pooled
 * connection, which lets tests (or several indexers) share one database without colliding.
 *
 * @example
 * const db = await openPostgres({ url: process.env.DATABASE_URL! });
 */
export async function openPostgres(opts: { url: string; schema?: string; max?: number; createSchema?: boolean }): Promise<Db> {
  const schema = opts.schema ? assertIdentifier(opts.schema) : undefined;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle pooled connection can fail (server restart); the next query reconnects, so this
  // must not crash the process as an unhandled error event would.
  pool.on("error", () => {});
  // A read replica is read-only: its schema comes from the primary (readReplica.ts).
  if (schema && opts.createSchema !== false) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  const handle = (client: pg.Pool | pg.PoolClient, inTx: boolean): Db => ({
    kind: "postgres",
    async query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions) {
      const values = [...params];
      return (await (opts?.name ? client.query({ name: opts.name, text: sql, values }) : client.query(sql, values))).rows as T[];
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(handle(client, true));
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        const out = await fn(handle(conn, true));
        await conn.query("COMMIT");
        return out;
      } catch (err) {
        await conn.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  });
  return handle(pool, false);
}

/** A database URL with its password replaced by `***` (for logs and errors). */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Drops a schema created by {@link openPostgres}; tests call it to clean up. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${assertIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
