import type { Db } from "./Db.js";

/** Where the read replica stands (GET /health's `readReplica`). */
export interface ReplicaState {
  /** The API's reads are answered by a standby now: false while they fall back to the primary. */
  serving: boolean;
  /** Bytes of the primary's WAL the standby has not replayed yet (0: caught up); null when not serving. */
  behindBytes: number | null;
}

/**
 * Asks `reads` (a `replicaReads` handle) where the replica stands: whoever answers says whether
 * it is a standby and what it has replayed, and the primary says how far its WAL is ahead of that.
 *
 * @example
 * const { serving, behindBytes } = await replicaState(readDb, db);
 */
export async function replicaState(reads: Db, primary: Db): Promise<ReplicaState> {
  const [r] = await reads.query<{ standby: boolean; replayed: string | null }>("SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed");
  if (!r?.standby || !r.replayed) return { serving: false, behindBytes: null };
  const [d] = await primary.query<{ behind: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS behind", [r.replayed]);
  return { serving: true, behindBytes: Math.max(0, Number(d!.behind)) };
}
