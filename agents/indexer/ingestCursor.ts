import type { Address, Hex, PublicClient } from "viem";
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

/** A log as a strict getLogs returns it: all a batch needs to order it. */
export interface BatchLog {
  blockNumber: bigint;
  logIndex: number;
}

/**
 * Reads `contract`'s logs from `next` up to the confirmed head (the real head less
 * `confirmations`), `batchSize` blocks at a time. Each batch is one transaction: `store` gets every
 * log in chain order and says whether it was new, `endBatch` runs last, and the cursor moves to the
 * batch's last block with that block's hash. A crash never half-writes a batch.
 *
 * @returns how many logs were new and the next block to read.
 * @example
 * const { events } = await ingestBatches(db, publicClient, { chainId, contract, next, confirmations: 2 }, { getLogs, store });
 */
export async function ingestBatches<L extends BatchLog>(
  db: Db,
  publicClient: Pick<PublicClient, "getBlockNumber" | "getBlock">,
  scan: { chainId: number; contract: Address; next: bigint; confirmations: number; batchSize?: bigint },
  io: {
    getLogs(fromBlock: bigint, toBlock: bigint): Promise<L[]>;
    store(tx: Db, log: L): Promise<boolean>;
    endBatch?(tx: Db, to: bigint, hash: Hex): Promise<void>;
  },
): Promise<{ events: number; next: bigint }> {
  const { chainId, contract } = scan;
  const batch = scan.batchSize ?? 2_000n;
  const head = await publicClient.getBlockNumber({ cacheTime: 0 }); // the real head, not viem's cached one
  const safe = head - BigInt(scan.confirmations);
  let { next } = scan;
  let events = 0;
  while (next <= safe) {
    const to = next + batch - 1n < safe ? next + batch - 1n : safe;
    const logs = await io.getLogs(next, to);
    logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
    const { hash } = await publicClient.getBlock({ blockNumber: to });
    const from = next;
    events += await db.transaction(async (tx) => {
      let stored = 0;
      for (const log of logs) if (await io.store(tx, log)) stored++;
      await io.endBatch?.(tx, to, hash);
      await advanceCursor(tx, { chainId, contract, from, to, lastHash: hash });
      return stored;
    });
    next = to + 1n;
  }
  return { events, next };
}

/** An event's arguments as the `args` JSON column stores them (bigints as decimal strings). */
export function argsJson(args: unknown): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
