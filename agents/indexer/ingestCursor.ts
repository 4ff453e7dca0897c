import type { Address, Hex } from "viem";
import type { Db } from "./db/Db.js";

/** Where ingestion of one contract's events stands: the next block to read and the hash of the last one read. */
export interface IngestCursor {
  next: bigint;
  lastHash: Hex | null;
}

/**
 * The stored cursor of `contract` on `chainId` (one row per contract in `ingest_cursor`; the
 * column is named `escrow` for history), or `start` when nothing was ingested yet.
 */
export async function readCursor(db: Db, chainId: number, contract: Address, start: bigint): Promise<IngestCursor> {
  const rows = await db.query<{ next_block: string | number; last_hash: Hex | null }>(
    "SELECT next_block, last_hash FROM ingest_cursor WHERE chain_id = $1 AND escrow = $2",
    [chainId, contract],
  );
  return rows[0] ? { next: BigInt(rows[0].next_block), lastHash: rows[0].last_hash } : { next: start, lastHash: null };
}

/**
 * Moves the cursor from `from` to `to + 1` inside the batch's transaction. The update only
 * applies while the stored cursor still says `from`, so two ingesters racing over the same
 * range cannot both advance it.
 */
export async function advanceCursor(
  tx: Db,
  cursor: { chainId: number; contract: Address; from: bigint; to: bigint; lastHash: Hex | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO ingest_cursor (chain_id, escrow, next_block, last_hash) VALUES ($1, $2, $3, $5)
     ON CONFLICT (chain_id, escrow) DO UPDATE SET next_block = EXCLUDED.next_block, last_hash = EXCLUDED.last_hash
     WHERE ingest_cursor.next_block = $4`,
    [cursor.chainId, cursor.contract, cursor.to + 1n, cursor.from, cursor.lastHash],
  );
}
