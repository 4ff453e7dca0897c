import type { Address, Hex, PublicClient } from "viem";
import type { Db } from "./db/Db.js";
import type { EscrowEventName } from "../protocol/taskLifecycle.js";
import { applyEvent, type EventArgs } from "./applyEvent.js";

export interface RollbackResult {
  /** Last block still on the chain as ingested; everything after it was undone. */
  forkBlock: bigint;
  /** Events removed because their blocks left the chain. */
  eventsUndone: number;
  /** Reviews marked orphaned because their task's settlement left the chain. */
  reviewsOrphaned: number;
}

/**
 * SQL condition on a `reviews` row (task_id $1, client $2): its task is settled the way the
 * review's Merkle leaf recorded it: same outcome, same signed claim, and for a split the same
 * worker share. A review whose leaf no longer matches the chain is orphaned, never anchored.
 */
export const SAME_SETTLEMENT = `EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = $1 AND t.client = $2 AND t.outcome = reviews.outcome
  AND t.claimed_bps IS NOT DISTINCT FROM reviews.claimed_bps AND (reviews.outcome <> 'split' OR t.worker_bps = reviews.delivered_bps))`;

/**
 * The last ingested block whose hash the chain still has (walking the stored block hashes down),
 * or `start - 1` when none survived.
 */
export async function findForkBlock(db: Db, publicClient: PublicClient, start: bigint): Promise<{ block: bigint; hash: Hex | null }> {
  const rows = await db.query<{ block_number: string | number; block_hash: Hex }>(
    "SELECT block_number, block_hash FROM ingested_blocks ORDER BY block_number DESC",
  );
  for (const r of rows) {
    const n = BigInt(r.block_number);
    const onChain = await publicClient.getBlock({ blockNumber: n }).catch(() => null);
    if (onChain?.hash === r.block_hash) return { block: n, hash: r.block_hash };
  }
  return { block: start - 1n, hash: null };
}

/**
 * Undoes everything ingested after `fork` in one transaction: its events and block hashes are
 * deleted, the tasks they touched are folded again from the events that remain, and reviews of
 * a task that is no longer settled the way the review recorded are marked `orphaned` (not
 * deleted: the same settlement may come back in the new history, and the review is then restored).
 * The cursor moves back to `fork + 1`, so the next ingest reads the new history.
 *
 * @example
 * const { block, hash } = await findForkBlock(db, publicClient, 0n);
 * await rollbackAfter(db, { chainId, escrow, fork: block, forkHash: hash });
 */
export async function rollbackAfter(db: Db, opts: { chainId: number; escrow: Address; fork: bigint; forkHash: Hex | null }): Promise<RollbackResult> {
  return db.transaction(async (tx) => {
    const affected = await tx.query<{ task_id: Hex; client: Address }>("SELECT DISTINCT task_id, client FROM escrow_events WHERE block_number > $1", [opts.fork]);
    const [{ n }] = (await tx.query<{ n: string | number }>("SELECT COUNT(*) AS n FROM escrow_events WHERE block_number > $1", [opts.fork])) as [{ n: string | number }];
    await tx.query("DELETE FROM escrow_events WHERE block_number > $1", [opts.fork]);
    await tx.query("DELETE FROM ingested_blocks WHERE block_number > $1", [opts.fork]);
    let orphaned = 0;
    for (const { task_id: taskId, client } of affected) {
      await tx.query("DELETE FROM tasks WHERE task_id = $1 AND client = $2", [taskId, client]);
      const events = await tx.query<{ event_name: EscrowEventName; args: EventArgs | string; block_number: string | number }>(
        "SELECT event_name, args, block_number FROM escrow_events WHERE task_id = $1 AND client = $2 ORDER BY block_number, log_index",
        [taskId, client],
      );
      for (const e of events) await applyEvent(tx, e.event_name, typeof e.args === "string" ? (JSON.parse(e.args) as EventArgs) : e.args, BigInt(e.block_number));
      orphaned += (
        await tx.query(
          `UPDATE reviews SET orphaned = TRUE WHERE task_id = $1 AND client = $2 AND NOT orphaned AND NOT ${SAME_SETTLEMENT} RETURNING id`,
          [taskId, client],
        )
      ).length;
    }
    await tx.query("UPDATE ingest_cursor SET next_block = $3, last_hash = $4 WHERE chain_id = $1 AND escrow = $2", [
      opts.chainId,
      opts.escrow,
      opts.fork + 1n,
      opts.forkHash,
    ]);
    return { forkBlock: opts.fork, eventsUndone: Number(n), reviewsOrphaned: orphaned };
  });
}
