import type { Db } from "../indexer/db/Db.js";
import { hashReviewLeaves } from "../indexer/merkle/build.js";
import { syntheticReviews } from "./syntheticReviews.js";

const ROWS_PER_INSERT = 10_000;
// A 65-byte signature's length of hex, so the dataset has its real size (the close does not check it).
const SIGNATURE = `0x${"5a".repeat(65)}`;

/**
 * Fills `epoch` with `count` synthetic reviews (syntheticReviews, ids = their leaf hashes from the
 * WASM keccak) in multi-row `INSERT … SELECT FROM unnest(…)` statements of 10,000: the fastest
 * way to reach millions of stored reviews for the close-epoch benchmark. Unchecked, like seedReviews.
 *
 * @example
 * await seedEpochBulk(db, 1_000_000, 30_000_000n);
 */
export async function seedEpochBulk(db: Db, count: number, epoch: bigint, log?: (line: string) => void): Promise<void> {
  for (let from = 0, chunk = 1; from < count; from += ROWS_PER_INSERT, chunk++) {
    const reviews = syntheticReviews(Math.min(ROWS_PER_INSERT, count - from), 1_000 + chunk);
    const hashes = Buffer.alloc(reviews.length * 32);
    hashReviewLeaves(reviews, hashes);
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    reviews.forEach((r, i) => {
      const row = [`0x${hashes.toString("hex", i * 32, i * 32 + 32)}`, r.taskId, r.reviewer, r.subject, r.rating, r.commentHash, r.timestamp.toString(), SIGNATURE, r.reviewer, r.worker, r.claimedSuccessBps, r.deliveredBps];
      row.forEach((v, c) => cols[c]!.push(v));
    });
    await db.query(
      `INSERT INTO reviews (id, task_id, reviewer, subject, rating, comment_hash, ts, signature, client, worker, claimed_bps, delivered_bps, outcome, epoch, accepted_at)
       SELECT *, 'released', $13::bigint, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::int[], $12::int[])`,
      [...cols.slice(0, 12), epoch],
    );
    if (log && chunk % 50 === 0) log(`seeded ${from + reviews.length} of ${count} reviews`);
  }
}
