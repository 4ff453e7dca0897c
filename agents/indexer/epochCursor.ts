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
 * The rows of `select` in pages of `pageRows`, through a server-side cursor (`DECLARE … CURSOR` /
 * `FETCH`, the same SQL on PostgreSQL and PGlite), so only a page or two is ever in memory. The
 * next page is asked for before this one is handed over, so the server reads it while the caller
 * works. Must run inside `tx`'s transaction, which the cursor lives in.
 *
 * @example
 * for await (const rows of cursorPages<{ id: string }>(tx, "SELECT id FROM reviews", 5_000)) use(rows);
 */
export async function* cursorPages<T>(tx: Db, select: string, pageRows: number): AsyncGenerator<T[]> {
  const name = `epoch_reviews_${++cursors}`;
  const fetch = `FETCH FORWARD ${Math.max(1, Math.floor(pageRows))} FROM ${name}`;
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${select}`);
  let next: Promise<T[]> | null = null;
  try {
    next = tx.query<T>(fetch);
    for (;;) {
      const rows: T[] = await next;
      next = null;
      if (rows.length === 0) return;
      next = tx.query<T>(fetch);
      yield rows;
    }
  } finally {
    // A fetch still queued must settle before the cursor it reads is closed.
    await next?.catch(() => {});
    await tx.query(`CLOSE ${name}`);
  }
}

/**
 * An epoch's reviews (not orphaned) in pages of `pageRows` through {@link cursorPages}. `ordered`
 * returns them in the canonical order (ascending id, compared bytewise with `COLLATE "C"`, as
 * {@link canonicalOrder} sorts); unordered is a plain scan. Must run inside `tx`'s transaction.
 *
 * @example
 * for await (const page of epochReviewPages(tx, epoch, { ordered: true })) write(page);
 */
export async function* epochReviewPages(tx: Db, epoch: bigint, opts: { ordered: boolean; pageRows?: number }): AsyncGenerator<StoredReview[]> {
  // The epoch is a bigint, printed as digits: safe to inline (DECLARE takes no bind parameters on every driver).
  const select = `SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = ${BigInt(epoch).toString()} AND NOT orphaned` + (opts.ordered ? ` ORDER BY id COLLATE "C"` : "");
  for await (const rows of cursorPages<ReviewRow>(tx, select, opts.pageRows ?? EPOCH_PAGE_ROWS)) yield rows.map(toReview);
}
