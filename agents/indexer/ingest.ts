import type { Address, Hex, PublicClient } from "viem";
import type { Db } from "./db/Db.js";
import { ReorgDetectedError } from "./errors.js";
import { escrowEventsAbi, statusAfter, type EscrowEventName } from "./escrowEvents.js";

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
}

/**
 * Reads TaskEscrow logs from the stored cursor up to the confirmed head and folds them into the
 * task table. Each batch of blocks is one transaction holding its events, their task updates
 * and the new cursor, so a crash never half-writes a batch; the (block, log index) key makes a
 * replayed log a no-op, so each event counts exactly once. The cursor also keeps the hash of
 * the last ingested block; if the chain no longer has it (a reorg deeper than `confirmations`)
 * ingestion stops with {@link ReorgDetectedError} instead of building on a dead fork.
 *
 * @example
 * await ingestOnce({ db, publicClient, chainId: 31337, escrow, confirmations: 2 });
 */
export async function ingestOnce(opts: IngestOptions): Promise<IngestResult> {
  const { db, publicClient, chainId, escrow } = opts;
  const batch = opts.batchSize ?? 2_000n;
  const cursor = await readCursor(db, chainId, escrow, opts.startBlock ?? 0n);
  let next = cursor.next;
  if (cursor.lastHash) {
    const block = await publicClient.getBlock({ blockNumber: next - 1n });
    if (block.hash !== cursor.lastHash) throw new ReorgDetectedError(next - 1n, cursor.lastHash, block.hash);
  }
  const head = await publicClient.getBlockNumber({ cacheTime: 0 }); // the real head, not viem's cached one
  const safe = head - BigInt(opts.confirmations);
  let events = 0;
  while (next <= safe) {
    const to = next + batch - 1n < safe ? next + batch - 1n : safe;
    const logs = await publicClient.getLogs({
      address: escrow,
      events: escrowEventsAbi,
      fromBlock: next,
      toBlock: to,
      strict: true,
    });
    logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
    const { hash: lastHash } = await publicClient.getBlock({ blockNumber: to });
    const from = next;
    events += await db.transaction(async (tx) => {
      let stored = 0;
      for (const log of logs) {
        const args = log.args as Record<string, unknown> & { taskId: Hex; client: Address; worker: Address };
        const inserted = await tx.query(
          `INSERT INTO escrow_events (block_number, log_index, block_hash, tx_hash, event_name, task_id, args)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
          [log.blockNumber, log.logIndex, log.blockHash, log.transactionHash, log.eventName, args.taskId, JSON.stringify(args, jsonBigint)],
        );
        if (inserted.length === 0) continue;
        stored++;
        await applyEvent(tx, log.eventName, args, log.blockNumber);
      }
      await tx.query(
        `INSERT INTO ingest_cursor (chain_id, escrow, next_block, last_hash) VALUES ($1, $2, $3, $5)
         ON CONFLICT (chain_id, escrow) DO UPDATE SET next_block = EXCLUDED.next_block, last_hash = EXCLUDED.last_hash
         WHERE ingest_cursor.next_block = $4`,
        [chainId, escrow, to + 1n, from, lastHash],
      );
      return stored;
    });
    next = to + 1n;
  }
  return { nextBlock: next, events };
}

async function readCursor(db: Db, chainId: number, escrow: Address, start: bigint): Promise<{ next: bigint; lastHash: Hex | null }> {
  const rows = await db.query<{ next_block: string | number; last_hash: Hex | null }>(
    "SELECT next_block, last_hash FROM ingest_cursor WHERE chain_id = $1 AND escrow = $2",
    [chainId, escrow],
  );
  return rows[0] ? { next: BigInt(rows[0].next_block), lastHash: rows[0].last_hash } : { next: start, lastHash: null };
}

async function applyEvent(
  tx: Db,
  name: EscrowEventName,
  args: Record<string, unknown> & { taskId: Hex; client: Address; worker: Address },
  block: bigint,
): Promise<void> {
  if (name === "TaskFunded") {
    await tx.query(
      `INSERT INTO tasks (task_id, client, worker, token, amount, status, funded_block)
       VALUES ($1, $2, $3, $4, $5, 'funded', $6) ON CONFLICT DO NOTHING`,
      [args.taskId, args.client, args.worker, String(args.token), String(args.amount), block],
    );
    return;
  }
  const { status, outcome } = statusAfter(name);
  if (status === null) return;
  const workerBps = typeof args.workerBps === "number" ? args.workerBps : null;
  await tx.query(
    `UPDATE tasks SET status = $2, outcome = COALESCE($3, outcome), worker_bps = COALESCE($4, worker_bps),
       settled_block = CASE WHEN $3::text IS NULL THEN settled_block ELSE $5 END
     WHERE task_id = $1`,
    [args.taskId, status, outcome, workerBps, block],
  );
}

function jsonBigint(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
