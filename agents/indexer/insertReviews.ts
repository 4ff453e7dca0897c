import type { Address, Hex } from "viem";
import type { SignedReview } from "../protocol/review.js";
import type { LeafTaskFacts } from "../protocol/reviewLeaf.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";
import type { Db } from "./db/Db.js";
import { EPOCH_LOCK_KEY, lockSchema, retryTransient } from "./db/locks.js";
import { epochOf } from "./epochs.js";

export { EPOCH_LOCK_KEY };

/** A checked review ready to store: its leaf (signed fields and task facts), id (leaf hash), how its task settled and the task's client. */
export interface ReviewRow {
  review: SignedReview & LeafTaskFacts;
  id: Hex;
  outcome: ReviewOutcome;
  client: Address;
}

const COLUMNS = 15;

/**
 * Stores checked reviews in one transaction with one multi-row INSERT (group commit). Holding
 * the epoch lock, the reviews join the epoch of `now` unless that epoch is already closed (being
 * built or built), then the one after the last closed epoch: a closed epoch never gains a review.
 * An epoch being built holds the lock only while it is marked closed, so this never waits for a build. A row that conflicts
 * (the same reviewer's review of the task stored first by another batch or process) is skipped.
 * A transaction PostgreSQL aborts as a deadlock's victim (e.g. beside the migrate of a process
 * of another version) is run again: nothing of it was committed.
 *
 * @returns the epoch joined and the ids actually inserted.
 * @example
 * const { epoch, inserted } = await insertReviews(db, rows, now, 86_400);
 */
export async function insertReviews(db: Db, rows: readonly ReviewRow[], now: number, epochSeconds: number): Promise<{ epoch: bigint; inserted: Set<Hex> }> {
  return retryTransient(() => db.transaction(async (tx) => {
    await lockSchema(tx, EPOCH_LOCK_KEY);
    // The last epoch closed to reviews: being built (epoch_closing) or built (epochs).
    const [last] = await tx.query<{ max: string | number | null }>("SELECT GREATEST((SELECT MAX(epoch) FROM epochs), (SELECT MAX(epoch) FROM epoch_closing)) AS max");
    const current = epochOf(now, epochSeconds);
    const epoch = last?.max != null && BigInt(last.max) >= current ? BigInt(last.max) + 1n : current;
    const params: unknown[] = [];
    const values = rows.map(({ review: r, id, outcome, client }, k) => {
      params.push(id, r.taskId, r.reviewer, r.subject, r.rating, r.commentHash, r.timestamp, r.signature, outcome, epoch, now, client, r.worker, r.claimedSuccessBps, r.deliveredBps);
      return `(${Array.from({ length: COLUMNS }, (_, c) => `$${k * COLUMNS + c + 1}`).join(", ")})`;
    });
    const inserted = await tx.query<{ id: Hex }>(
      `INSERT INTO reviews (id, task_id, reviewer, subject, rating, comment_hash, ts, signature, outcome, epoch, accepted_at, client, worker, claimed_bps, delivered_bps)
       VALUES ${values.join(", ")} ON CONFLICT DO NOTHING RETURNING id`,
      params,
    );
    return { epoch, inserted: new Set(inserted.map((r) => r.id)) };
  }));
}
