import { hashReviewLeaves } from "./merkle/build.js";
import { ReviewTreeInputError } from "./merkle/errors.js";
import type { Db } from "./db/Db.js";
import { IndexerStateError } from "./errors.js";
import type { ReviewMerkleTree } from "./merkle/index.js";
import type { StoredReview } from "./store.js";

/**
 * A review's id is its Merkle leaf hash (acceptBatch.ts computes it from the fields when it stores
 * the row), so an epoch's leaves, sorted as StandardMerkleTree sorts them, are its ids read in
 * `id COLLATE "C"` order (lowercase hex of equal length: bytewise = numeric order) through the
 * `reviews_epoch_id` index (db/schema.ts). The closer builds the tree from them without hashing a
 * leaf, and checks in the dataset pass, which reads every row anyway, that each id still is the
 * hash of its row's fields ({@link auditLeafIds}): the epoch is built from the fields or not at all.
 */

/** Ids per keyset page: one text of 64·n hex digits each, the fewest JavaScript strings per id. */
export const EPOCH_ID_PAGE_ROWS = 50_000;

/**
 * An epoch's leaf hashes (not orphaned), ascending, 32 bytes each back to back, a keyset page of
 * `pageRows` at a time: each page is one `string_agg` of the ids' digits, decoded by Buffer's
 * native hex decoder into one buffer reused for the next page (so the consumer must copy it, as
 * buildReviewTreeFromSortedHashes does, before asking for the next). The next page is asked for
 * as soon as this one arrives. Must run inside `tx`'s transaction (one snapshot for every page).
 *
 * @throws IndexerStateError when a stored id is not 0x and 64 hex digits.
 * @example
 * const tree = await buildReviewTreeFromSortedHashes(leafCount, epochLeafHashPages(tx, epoch));
 */
export async function* epochLeafHashPages(tx: Db, epoch: bigint, opts: { pageRows?: number } = {}): AsyncGenerator<Uint8Array> {
  const pageRows = Math.max(1, Math.floor(opts.pageRows ?? EPOCH_ID_PAGE_ROWS));
  // The subquery's order is the aggregate's input order; the builder rejects hashes out of order.
  const sql = `SELECT string_agg(substr(id, 3), '') AS ids FROM (SELECT id FROM reviews WHERE epoch = $1 AND NOT orphaned AND id COLLATE "C" > $2 ORDER BY id COLLATE "C" LIMIT ${pageRows}) p`;
  const page = (after: string) => tx.query<{ ids: string | null }>(sql, [epoch, after]);
  const buf = Buffer.alloc(pageRows * 32);
  let next: Promise<{ ids: string | null }[]> | null = page("");
  try {
    while (next) {
      const ids = (await next)[0]?.ids ?? "";
      next = null;
      const rows = ids.length / 64;
      if (!Number.isInteger(rows) || (rows > 0 && !/^[0-9a-f]{64}$/.test(ids.slice(-64)))) {
        throw new IndexerStateError(`epoch ${epoch}: a stored review id is not 0x and 64 lowercase hex digits`, { epoch: epoch.toString(), near: ids.slice(-66) });
      }
      if (rows === pageRows) next = page(`0x${ids.slice(-64)}`);
      const written = buf.write(ids, 0, "hex");
      if (written !== rows * 32) {
        throw new IndexerStateError(`epoch ${epoch}: a stored review id is not 0x and 64 hex digits`, { epoch: epoch.toString(), id: `0x${ids.slice(written * 2 - ((written * 2) % 64), written * 2 - ((written * 2) % 64) + 64)}` });
      }
      if (rows > 0) yield buf.subarray(0, written);
    }
  } finally {
    // A page still queued must settle before the transaction goes on.
    await next?.catch(() => {});
  }
}

/**
 * Every leaf hash of an epoch ({@link epochLeafHashPages}), read before the tree is built, as
 * copies of the pages (n·32 bytes: 320 MB at 10M, handed over and dropped page by page): the
 * count comes from the ids themselves, so no COUNT(*) scans the index a second time (at 10M that
 * took 3.4 s, a tenth of the close's budget).
 *
 * @example
 * const ids = await readEpochLeafHashes(tx, epoch);
 * const tree = await buildReviewTreeFromSortedHashes(ids.count, ids.take());
 */
export async function readEpochLeafHashes(tx: Db, epoch: bigint, opts: { pageRows?: number } = {}): Promise<{ count: number; take(): Generator<Uint8Array> }> {
  const pages: Uint8Array[] = [];
  let bytes = 0;
  for await (const page of epochLeafHashPages(tx, epoch, opts)) {
    pages.push(Uint8Array.prototype.slice.call(page));
    bytes += page.length;
  }
  return {
    count: bytes / 32,
    *take() {
      for (let page = pages.shift(); page; page = pages.shift()) yield page;
    },
  };
}

/**
 * Passes each page of reviews (in canonical order: ascending id) through after checking that every
 * review's id is the leaf hash of its fields (keccak256(keccak256(abi.encode(leaf))), our WASM
 * keccak, 4,096 at a time) and is the tree's leaf at the same index (`tree` was built from the
 * sorted ids, so the i-th review must be its i-th leaf): a row changed behind the indexer's back,
 * or an id that is not its leaf, stops the close before anything is stored or anchored.
 *
 * @throws IndexerStateError naming the epoch and the review when its fields hash to another leaf, do not fit the leaf types, or it is not the tree's leaf at its index.
 * @example
 * await saveDatasetPages(tx, head, auditLeafIds(epoch, tree, epochReviewPages(tx, epoch, { ordered: true })));
 */
export async function* auditLeafIds(epoch: bigint, tree: Pick<ReviewMerkleTree, "leafCount" | "leafHash">, pages: AsyncIterable<StoredReview[]>): AsyncGenerator<StoredReview[]> {
  let hashes = Buffer.alloc(0);
  let seen = 0;
  for await (const page of pages) {
    if (hashes.length < page.length * 32) hashes = Buffer.alloc(page.length * 32);
    try {
      hashReviewLeaves(page, hashes);
    } catch (err) {
      if (!(err instanceof ReviewTreeInputError)) throw err;
      const review = page[Number(err.details?.["index"])]?.id;
      throw new IndexerStateError(`stored review ${review} of epoch ${epoch} does not fit the leaf: ${err.message}`, { epoch: epoch.toString(), review, field: err.details?.["field"] });
    }
    for (let i = 0; i < page.length; i++) {
      const leaf = `0x${hashes.toString("hex", i * 32, i * 32 + 32)}`;
      const id = page[i]!.id;
      if (leaf !== id) {
        throw new IndexerStateError(`stored review ${id} of epoch ${epoch}: its fields hash to leaf ${leaf}, not to its id`, { epoch: epoch.toString(), review: id, leaf });
      }
      const built = seen < tree.leafCount ? tree.leafHash(seen) : null;
      if (built !== id) {
        throw new IndexerStateError(`stored review ${id} of epoch ${epoch} is not the tree's leaf ${seen} (${built ?? "none"})`, { epoch: epoch.toString(), review: id, index: seen, treeLeaf: built });
      }
      seen++;
    }
    yield page;
  }
}
