import type { Db } from "./db/Db.js";
import { REVIEW_COLUMNS, toReview, type ReviewRow, type StoredReview } from "./store.js";

/** Rows fetched per round trip when an epoch's reviews are read through a cursor. */
export const EPOCH_PAGE_ROWS = 5_000;

/** How many reviews an epoch's tree is built from (orphaned ones left out, as in the tree). */
export async function countEpochReviews(db: Db, epoch: bigint): Promise<number> {
  const [row] = await db.query<{ n: string | number }>("SELECT COUNT(*) AS n FROM reviews WHERE epoch = $1 AND NOT orphaned", [epoch]);
  return Number(row?.n ?? 0);
}

let cursors = 0;

/**
 * An epoch's reviews (not orphaned) in pages of `pageRows`, read through a server-side cursor
 * (`DECLARE … CURSOR` / `FETCH`, the same SQL on PostgreSQL and PGlite), so only one page is
 * ever in memory. `ordered` returns them in the canonical order (ascending id, compared
 * bytewise with `COLLATE "C"`, as {@link canonicalOrder} sorts); unordered is a plain scan.
 * Must run inside `tx`'s transaction, which the cursor lives in.
 *
 * @example
 * for await (const page of epochReviewPages(tx, epoch, { ordered: true })) write(page);
 */
export async function* epochReviewPages(tx: Db, epoch: bigint, opts: { ordered: boolean; pageRows?: number }): AsyncGenerator<StoredReview[]> {
  const name = `epoch_reviews_${++cursors}`;
  const pageRows = Math.max(1, Math.floor(opts.pageRows ?? EPOCH_PAGE_ROWS));
  // The epoch is a bigint, printed as digits: safe to inline (DECLARE takes no bind parameters on every driver).
  await tx.query(
    `DECLARE ${name} NO SCROLL CURSOR FOR SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = ${BigInt(epoch).toString()} AND NOT orphaned` +
      (opts.ordered ? ` ORDER BY id COLLATE "C"` : ""),
  );
  try {
    for (;;) {
      const rows = await tx.query<ReviewRow>(`FETCH FORWARD ${pageRows} FROM ${name}`);
      if (rows.length === 0) return;
      yield rows.map(toReview);
    }
  } finally {
    await tx.query(`CLOSE ${name}`);
  }
}
