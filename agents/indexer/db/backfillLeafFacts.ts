import type { Address } from "viem";
import { claimedSuccessBpsOf } from "../../chain/escrowTerms.js";
import { deliveredBpsOf } from "../../protocol/reviewLeaf.js";
import type { ReviewOutcome } from "../../protocol/taskLifecycle.js";
import { EPOCH_BUILD_LOCK_KEY, EPOCH_LOCK_KEY, lockSchema } from "./locks.js";
import { reviewLeafHash } from "../merkle/index.js";
import type { Db } from "./Db.js";
import type { ReviewColumns } from "./reviewColumns.js";

/** Rows per statement: bounded parameter lists, and a long backlog never held in memory at once. */
const CHUNK = 500;

export interface BackfillReport {
  /** Tasks whose claim was read from their ingested TaskFunded event. */
  tasks: number;
  /** Reviews of not-yet-built epochs that got their task facts and their new id (the 9-field leaf's hash). */
  reviews: number;
  /** Reviews of epochs already built or anchored: kept as they are (their 6-field leaf is under that root). */
  keptInBuiltEpochs: number;
}

/**
 * Brings a database filled before review leaves carried the task's facts up to date; `migrate`
 * runs it on every start, and it does nothing once done (both engines):
 * 1. each task without a claim gets it from its ingested TaskFunded event (`settings` bits [240, 256));
 * 2. each review without facts, in an epoch not yet built, gets its task's worker, claim and
 *    delivery, and its id becomes the hash of its new 9-field leaf, so the epoch is built, anchored
 *    and proven like any other;
 * 3. reviews of epochs already built keep their old leaf and id: the root anchored for them is over
 *    the 6-field leaves of their `agent-market/review-dataset@1` dataset, which stays as it was.
 * It holds the epoch lock and the build lock, so no epoch is built from half-updated rows.
 *
 * @example
 * const report = await backfillLeafFacts(db); // { tasks: 0, reviews: 0, keptInBuiltEpochs: 0 } on a current database
 */
export async function backfillLeafFacts(db: Db): Promise<BackfillReport> {
  // The epoch lock is shared by every process on this schema: take it only with rows to fill,
  // so a current database starts without waiting for an epoch being built.
  const [pending] = await db.query<{ p: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM tasks WHERE claimed_bps IS NULL) OR EXISTS (SELECT 1 FROM reviews WHERE worker IS NULL) AS p",
  );
  if (!pending?.p) return { tasks: 0, reviews: 0, keptInBuiltEpochs: 0 };
  return db.transaction(async (tx) => {
    await lockSchema(tx, EPOCH_LOCK_KEY); // no review joins meanwhile
    await lockSchema(tx, EPOCH_BUILD_LOCK_KEY); // and no epoch is being built from the rows it re-keys
    const report: BackfillReport = { tasks: 0, reviews: 0, keptInBuiltEpochs: 0 };
    for (;;) {
      const rows = await tx.query<{ task_id: string; client: string; settings: string | null }>(
        `SELECT t.task_id, t.client, (SELECT e.args->>'settings' FROM escrow_events e
           WHERE e.event_name = 'TaskFunded' AND e.task_id = t.task_id AND e.args->>'client' = t.client LIMIT 1) AS settings
         FROM tasks t WHERE t.claimed_bps IS NULL LIMIT ${CHUNK}`,
      );
      if (rows.length === 0) break;
      // A funding logged without a settings word (an escrow from before the claim) claimed nothing.
      const values = rows.map((r) => [r.task_id, r.client, r.settings === null ? 0 : claimedSuccessBpsOf(BigInt(r.settings))]);
      await tx.query(
        `UPDATE tasks SET claimed_bps = v.c FROM (VALUES ${tuples(values.length, 3, ["", "", "::int"])}) AS v(task_id, client, c)
         WHERE tasks.task_id = v.task_id AND tasks.client = v.client`,
        values.flat(),
      );
      report.tasks += rows.length;
      if (rows.length < CHUNK) break;
    }
    for (;;) {
      const rows = await tx.query<ReviewWithTask>(
        `SELECT r.id, r.task_id, r.reviewer, r.subject, r.rating, r.comment_hash, r.ts, t.client, t.worker, t.claimed_bps, t.outcome, t.worker_bps
         FROM reviews r JOIN tasks t ON t.task_id = r.task_id AND t.client IN (r.reviewer, r.subject) AND t.worker IN (r.reviewer, r.subject)
         WHERE r.worker IS NULL AND t.outcome IS NOT NULL AND NOT EXISTS (SELECT 1 FROM epochs e WHERE e.epoch = r.epoch)
         ORDER BY r.id LIMIT ${CHUNK}`,
      );
      if (rows.length === 0) break;
      const values = rows.map((r) => {
        const facts = { worker: r.worker, claimedSuccessBps: Number(r.claimed_bps ?? 0), deliveredBps: deliveredBpsOf(r.outcome, r.worker_bps === null ? null : Number(r.worker_bps)) };
        const leaf = { taskId: r.task_id, reviewer: r.reviewer, subject: r.subject, rating: Number(r.rating), commentHash: r.comment_hash, timestamp: BigInt(r.ts), ...facts };
        return [r.id, reviewLeafHash(leaf), r.client, facts.worker, facts.claimedSuccessBps, facts.deliveredBps];
      });
      await tx.query(
        `UPDATE reviews SET id = v.new_id, client = COALESCE(reviews.client, v.client), worker = v.worker, claimed_bps = v.c, delivered_bps = v.d
         FROM (VALUES ${tuples(values.length, 6, ["", "", "", "", "::int", "::int"])}) AS v(old_id, new_id, client, worker, c, d)
         WHERE reviews.id = v.old_id`,
        values.flat(),
      );
      report.reviews += rows.length;
      if (rows.length < CHUNK) break;
    }
    const [kept] = await tx.query<{ n: string | number }>("SELECT COUNT(*) AS n FROM reviews r WHERE r.worker IS NULL AND EXISTS (SELECT 1 FROM epochs e WHERE e.epoch = r.epoch)");
    report.keptInBuiltEpochs = Number(kept?.n ?? 0);
    return report;
  });
}

interface ReviewWithTask extends ReviewColumns {
  client: Address;
  worker: Address;
  claimed_bps: number | null;
  outcome: ReviewOutcome;
  worker_bps: number | null;
}

/** `($1, $2::int), ($3, $4::int), …`: `rows` tuples of `width` parameters, each cast as `casts` says. */
function tuples(rows: number, width: number, casts: readonly string[]): string {
  return Array.from({ length: rows }, (_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}${casts[j]}`).join(", ")})`).join(", ");
}
