import type { Address, Hex, PublicClient } from "viem";
import type { Db } from "./db/Db.js";
import { applyEvent } from "./applyEvent.js";
import { argsJson, ingestBatches, readCursor } from "./ingestCursor.js";
import { readEscrowEvents } from "../chain/escrowEvents.js";
import { findForkBlock, rollbackAfter, SAME_SETTLEMENT, type RollbackResult } from "./rollback.js";

/** The hash of every block the indexer read events from, to find the fork point after a reorg. */
const RECORD_BLOCK = "INSERT INTO ingested_blocks (block_number, block_hash) VALUES ($1, $2) ON CONFLICT (block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash";

export interface IngestOptions {
  db: Db;
  publicClient: PublicClient;
  chainId: number;
  escrow: Address;
  /** Blocks that must sit on top of a log's block before it is ingested (0: ingest the head). */
  confirmations: number;
  /** Where to start when no cursor is stored (the escrow's deployment block). */
  startBlock?: bigint;
  /** Most blocks read per getLogs call and per database transaction. */
  batchSize?: bigint;
}

export interface IngestResult {
  /** First block not yet ingested, after this run. */
  nextBlock: bigint;
  /** New events stored by this run (replayed ones are not counted). */
  events: number;
  /** Set when ingested blocks had left the chain and were undone first. */
  reorg?: RollbackResult;
}

/**
 * Reads TaskEscrow logs from the stored cursor up to the confirmed head and folds them into the
 * task table. Each batch of blocks is one transaction holding its events, their task updates
 * and the new cursor, so a crash never half-writes a batch; the (block, log index) key makes a
 * replayed log a no-op, so each event counts exactly once. The cursor also keeps the hash of
 * the last ingested block; if the chain no longer has it (a reorg deeper than `confirmations`),
 * everything after the fork point is undone first (see rollback.ts: events removed, tasks
 * re-folded, reviews of un-settled tasks marked orphaned) and the new history is ingested.
 *
 * @example
 * await ingestOnce({ db, publicClient, chainId: 31337, escrow, confirmations: 2 });
 */
export async function ingestOnce(opts: IngestOptions): Promise<IngestResult> {
  const { db, publicClient, chainId, escrow } = opts;
  const start = opts.startBlock ?? 0n;
  let cursor = await readCursor(db, chainId, escrow, start);
  let reorg: RollbackResult | undefined;
  if (cursor.lastHash) {
    const block = await publicClient.getBlock({ blockNumber: cursor.next - 1n }).catch(() => null);
    if (block?.hash !== cursor.lastHash) {
      // A reorg replaced blocks we ingested: undo back to the last block both histories share.
      const fork = await findForkBlock(db, publicClient, start);
      reorg = await rollbackAfter(db, { chainId, escrow, fork: fork.block, forkHash: fork.hash });
      cursor = await readCursor(db, chainId, escrow, start);
    }
  }
  const { events, next } = await ingestBatches(db, publicClient, { chainId, contract: escrow, next: cursor.next, confirmations: opts.confirmations, batchSize: opts.batchSize }, {
    getLogs: (fromBlock, toBlock) => readEscrowEvents(publicClient, { address: escrow, fromBlock, toBlock }),
    async store(tx, log) {
      const args = log.args as Record<string, unknown> & { taskId: Hex; client: Address; worker: Address };
      const inserted = await tx.query(
        `INSERT INTO escrow_events (block_number, log_index, block_hash, tx_hash, event_name, task_id, args, client)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
        [log.blockNumber, log.logIndex, log.blockHash, log.transactionHash, log.eventName, args.taskId, argsJson(args), args.client],
      );
      if (inserted.length === 0) return false;
      await applyEvent(tx, log.eventName, args, log.blockNumber);
      await tx.query(RECORD_BLOCK, [log.blockNumber, log.blockHash]);
      // A settlement seen again after a reorg restores the reviews it had orphaned (same leaf facts only).
      await tx.query(`UPDATE reviews SET orphaned = FALSE WHERE task_id = $1 AND client = $2 AND orphaned AND ${SAME_SETTLEMENT}`, [args.taskId, args.client]);
      return true;
    },
    endBatch: async (tx, to, hash) => void (await tx.query(RECORD_BLOCK, [to, hash])),
  });
  return { nextBlock: next, events, ...(reorg ? { reorg } : {}) };
}

