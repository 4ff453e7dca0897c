import type { Address, Hex } from "viem";
import type { Db } from "./db/Db.js";
import { claimedSuccessBpsOf } from "../chain/escrowTerms.js";
import { outcomeOf, reviewOutcomeOf, statusAfter, statusName, type EscrowEventName } from "../protocol/taskLifecycle.js";

/** A decoded escrow event's arguments as ingest stores them. */
export type EventArgs = Record<string, unknown> & { taskId: Hex; client: Address; worker: Address };

/** Folds one escrow event into its task row, keyed by (taskId, client) as the escrow keys it (used by ingest and by a reorg's re-fold). */
export async function applyEvent(
  tx: Db,
  name: EscrowEventName,
  args: EventArgs,
  block: bigint,
): Promise<void> {
  if (name === "TaskFunded") {
    await tx.query(
      `INSERT INTO tasks (task_id, client, worker, token, amount, status, funded_block, claimed_bps)
       VALUES ($1, $2, $3, $4, $5, 'funded', $6, $7) ON CONFLICT DO NOTHING`,
      [args.taskId, args.client, args.worker, String(args.token), String(args.amount), block, claimedSuccessBpsOf(BigInt(String(args.settings)))],
    );
    return;
  }
  const next = statusAfter(name);
  if (next === null) return;
  const status = statusName(next);
  const settled = outcomeOf(next);
  const outcome = settled === undefined ? null : reviewOutcomeOf(settled);
  const workerBps = typeof args.workerBps === "number" ? args.workerBps : null;
  await tx.query(
    `UPDATE tasks SET status = $2, outcome = COALESCE($3, outcome), worker_bps = COALESCE($4, worker_bps),
       settled_block = CASE WHEN $3::text IS NULL THEN settled_block ELSE $5 END
     WHERE task_id = $1 AND client = $6`,
    [args.taskId, status, outcome, workerBps, block, args.client],
  );
}

