import { SystemFaultError } from "../../errors.js";
import type { Db, QueryOptions } from "./Db.js";
import { openPostgres, redactUrl } from "./postgres.js";

/**
 * The read replica given as DATABASE_READ_URL cannot serve: unreachable, refusing the role, or
 * without the indexer's tables in the schema (a replica of another database, or one that has
 * not replayed the migrations yet). `indexer api` refuses to start on it rather than serve every
 * read from the primary behind the operator's back.
 */
export class ReadReplicaUnavailableError extends SystemFaultError {
  override name = "ReadReplicaUnavailableError" as const;
  constructor(url: string, reason: string, cause?: unknown) {
    super(`read replica ${url} cannot serve the indexer: ${reason}`, { code: "READ_REPLICA_UNAVAILABLE", details: { url, reason }, cause });
  }
}

/**
 * Opens a PostgreSQL read replica (a hot standby) of the indexer's database: no schema is
 * created and no migration runs (a standby is read-only; the primary's are replayed onto it).
 * Fails fast: one query must show the indexer's tables in `schema`.
 *
 * @throws ReadReplicaUnavailableError naming the URL (password redacted) and why.
 *
 * @example
 * const replica = await openReadReplica({ url: env.DATABASE_READ_URL, schema: env.DB_SCHEMA });
 */
export async function openReadReplica(opts: { url: string; schema?: string; max?: number }): Promise<Db> {
  const db = await openPostgres({ ...opts, createSchema: false });
  let tables: { reviews: string | null; epochs: string | null } | undefined;
  try {
    [tables] = await db.query<{ reviews: string | null; epochs: string | null }>("SELECT to_regclass('reviews')::text AS reviews, to_regclass('epochs')::text AS epochs");
  } catch (cause) {
    await db.close().catch(() => {});
    throw new ReadReplicaUnavailableError(redactUrl(opts.url), cause instanceof Error ? cause.message : String(cause), cause);
  }
  if (!tables?.reviews || !tables.epochs) {
    await db.close();
    throw new ReadReplicaUnavailableError(redactUrl(opts.url), `no indexer tables in schema ${opts.schema ?? "(search path)"}`);
  }
  return db;
}

/**
 * The database handle an API process reads through: every statement goes to the replica, and
 * transactions (writes, advisory locks) to the primary. A statement the replica fails (it went
 * down, or cancelled the query in a conflict with its WAL replay) is answered by the primary
 * instead, and for `cooldownMs` after that every read goes to the primary without trying the
 * replica; `onFallback` hears of each outage once (the process logs it as a warning). Reads stay
 * available while the replica is down, at the primary's cost.
 *
 * Staleness is the caller's business: a replica lags, so what must be read back at once (a review
 * just accepted, an epoch just anchored) is looked for on the primary when the replica misses it
 * (reviewReader.ts, createIndexer.ts).
 *
 * @example
 * const reads = replicaReads({ replica, primary: db, onFallback: (e) => console.warn("replica down:", e) });
 */
export function replicaReads(o: { replica: Db; primary: Db; cooldownMs?: number; onFallback?: (err: unknown) => void; now?: () => number }): Db {
  const cooldownMs = o.cooldownMs ?? 5_000;
  const now = o.now ?? Date.now;
  let downUntil = 0;
  return {
    kind: o.replica.kind,
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<T[]> {
      if (now() < downUntil) return o.primary.query<T>(sql, params, opts);
      try {
        return await o.replica.query<T>(sql, params, opts);
      } catch (err) {
        const wasUp = now() >= downUntil;
        downUntil = now() + cooldownMs;
        if (wasUp) o.onFallback?.(err);
        return o.primary.query<T>(sql, params, opts);
      }
    },
    transaction: (fn) => o.primary.transaction(fn),
    /** Closes the replica's pool; the primary belongs to whoever opened it. */
    close: () => o.replica.close(),
  };
}

/**
 * Waits until `replica` has replayed everything `primary` had written when called (a test or a
 * bench that must read its own writes on the replica).
 *
 * @throws Error naming the primary's position when the replica is not there within `timeoutMs`.
 *
 * @example
 * await replicaCaughtUp(db, replica);
 */
export async function replicaCaughtUp(primary: Db, replica: Db, timeoutMs = 60_000): Promise<void> {
  const lsn = (await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"))[0]!.lsn;
  const end = Date.now() + timeoutMs;
  while (!(await replica.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [lsn]))[0]!.ok) {
    if (Date.now() > end) throw new Error(`the read replica did not replay up to ${lsn} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
