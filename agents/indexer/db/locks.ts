import type { Db } from "./Db.js";

/** Serialises review inserts against epoch closing, in both backends (PGlite is PostgreSQL). */
export const EPOCH_LOCK_KEY = 7_243_001;
/** Held while an epoch is built from its reviews (closeEpoch.ts) and while old reviews are re-keyed (backfillLeafFacts.ts). */
export const EPOCH_BUILD_LOCK_KEY = 7_243_003;
/** Serialises schema migrations of one schema (two processes starting together on a fresh schema). */
export const MIGRATE_LOCK_KEY = 7_243_002;

/**
 * Takes transaction-scoped advisory lock `key` of the current schema: the second key is the
 * schema's name hashed, so indexers (or tests) in different schemas of one database never wait
 * for each other, while every process on one schema shares the lock.
 *
 * @example
 * await db.transaction(async (tx) => { await lockSchema(tx, EPOCH_LOCK_KEY); ... });
 */
export async function lockSchema(tx: Db, key: number): Promise<void> {
  await tx.query(
    "SELECT pg_advisory_xact_lock($1::int4, hashtext(current_schema()))",
    [key],
  );
}

/** PostgreSQL's codes for a transaction it aborted and that may simply be run again. */
const TRANSIENT = new Set(["40P01", "40001"]); // deadlock_detected, serialization_failure

/** True when `err` is PostgreSQL aborting a transaction as a deadlock's or a serialization conflict's victim. */
export function isTransientAbort(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && TRANSIENT.has(code);
}

/**
 * Runs `fn` (a whole transaction) again when PostgreSQL aborted it as a deadlock's or a
 * serialization conflict's victim: nothing of it was committed, so running it again is safe.
 * Other errors, and the last attempt's, are thrown.
 *
 * @example
 * const out = await retryTransient(() => db.transaction(async (tx) => write(tx)));
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientAbort(err) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt * (1 + Math.random())));
    }
  }
}
