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

/**
 * The cursor of `contract`, after checking that the last block it read is still on the chain.
 * When that block's hash changed (a reorg past the cursor), `clear` deletes the contract's
 * derived rows in one transaction together with its cursor, and ingestion restarts at `start`.
 */
export async function cursorAfterReorgCheck(
  db: Db,
  publicClient: { getBlock(args: { blockNumber: bigint }): Promise<{ hash: Hex | null }> },
  at: { chainId: number; contract: Address; start: bigint },
  clear: (tx: Db) => Promise<void>,
): Promise<IngestCursor & { rebuilt: boolean }> {
  const cursor = await readCursor(db, at.chainId, at.contract, at.start);
  if (!cursor.lastHash) return { ...cursor, rebuilt: false };
  const block = await publicClient.getBlock({ blockNumber: cursor.next - 1n }).catch(() => null);
  if (block?.hash === cursor.lastHash) return { ...cursor, rebuilt: false };
  await db.transaction(async (tx) => {
    await clear(tx);
    await tx.query("DELETE FROM ingest_cursor WHERE chain_id = $1 AND escrow = $2", [at.chainId, at.contract]);
  });
  return { next: at.start, lastHash: null, rebuilt: true };
}
