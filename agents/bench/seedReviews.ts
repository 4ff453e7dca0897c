import type { Db } from "../indexer/db/Db.js";
import { insertReviews } from "../indexer/insertReviews.js";
import { reviewLeafHash } from "../indexer/merkle/index.js";
import type { ReviewFields } from "../protocol/review.js";
import type { LeafTaskFacts, ReviewLeaf } from "../protocol/reviewLeaf.js";

const CHUNK = 1_000;

/**
 * Fills the epoch of `now` with reviews in bulk through the indexer's one review write
 * (insertReviews), 1,000 rows a transaction, with the leaf-hash ids `acceptReview` stores but
 * without its checks (signature, settled task): how benchmarks seed synthetic reviews. Each is
 * stored as a released task's review, unsigned, with its reviewer as the task's client; without
 * task facts of its own, its subject is the worker, which claimed nothing and was paid in full.
 *
 * @example
 * await seedReviews(db, syntheticReviews(100_000, 7), now, indexer.epochSeconds);
 */
export async function seedReviews(db: Db, reviews: readonly (ReviewFields & Partial<LeafTaskFacts>)[], now: number, epochSeconds: number): Promise<void> {
  for (let i = 0; i < reviews.length; i += CHUNK) {
    const rows = reviews.slice(i, i + CHUNK).map((r) => {
      const leaf: ReviewLeaf = { worker: r.subject, claimedSuccessBps: 0, deliveredBps: 10_000, ...r };
      return { review: { ...leaf, signature: "0x" as const }, id: reviewLeafHash(leaf), outcome: "released" as const, client: r.reviewer };
    });
    await insertReviews(db, rows, now, epochSeconds);
  }
}
