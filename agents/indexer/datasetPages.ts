import { createKeccak } from "hash-wasm";
import type { Hex } from "viem";
import type { Db } from "./db/Db.js";
import { IndexerStateError } from "./errors.js";
import { DATASET_TAIL, datasetHead, datasetLeafJson, type DatasetHeaderArgs, type DatasetReview } from "./dataset.js";

/**
 * An epoch's dataset is stored as it is written, in pages of text (`epoch_dataset_pages`), so
 * neither the closer nor the API ever holds a whole dataset: 10M reviews are about 6.5 GB of
 * text, more than one PostgreSQL value or one JavaScript string can hold.
 */

/** Characters (= bytes, the text is ASCII) per stored dataset page by default: 1 MiB. */
export const DATASET_PAGE_CHARS = 1 << 20;

/**
 * Writes the dataset of `leafCount` reviews arriving in canonical order (`pages`) as stored
 * pages of about `pageChars`, hashing the text as it goes, in the caller's transaction.
 * The text is byte for byte what encodeDataset returns for the same reviews.
 *
 * @returns keccak256 of the whole text (the anchored dataset hash) and the number of pages.
 * @example
 * const { hash, pages } = await saveDatasetPages(tx, { chainId, escrow, epoch, epochSeconds, root, leafCount }, epochReviewPages(tx, epoch, { ordered: true }));
 */
export async function saveDatasetPages(
  tx: Db,
  head: DatasetHeaderArgs & { leafCount: number },
  reviews: AsyncIterable<readonly DatasetReview[]>,
  pageChars = DATASET_PAGE_CHARS,
): Promise<{ hash: Hex; pages: number }> {
  const hasher = await createKeccak(256);
  hasher.init();
  let parts: string[] = [datasetHead(head)];
  let chars = parts[0]!.length;
  let pages = 0;
  let seen = 0;
  const flush = async () => {
    const text = parts.join("");
    parts = [];
    chars = 0;
    hasher.update(text);
    await tx.query("INSERT INTO epoch_dataset_pages (epoch, page, text) VALUES ($1, $2, $3)", [head.epoch, pages++, text]);
  };
  for await (const page of reviews) {
    for (const r of page) {
      const leaf = datasetLeafJson(r);
      parts.push(seen++ === 0 ? leaf : `,${leaf}`);
      chars += leaf.length + 1;
      if (chars >= pageChars) await flush();
    }
  }
  if (seen !== head.leafCount) throw new IndexerStateError(`epoch ${head.epoch}: ${seen} reviews read for the dataset, ${head.leafCount} counted`, { epoch: head.epoch.toString(), seen, counted: head.leafCount });
  parts.push(DATASET_TAIL);
  await flush();
  return { hash: `0x${hasher.digest("hex")}`, pages };
}

/**
 * The stored pages of an epoch's dataset, in order, one query per page.
 *
 * @example
 * for await (const text of readDatasetPages(db, epoch, pages)) res.write(text);
 */
export async function* readDatasetPages(db: Db, epoch: bigint, pages: number): AsyncGenerator<string> {
  for (let p = 0; p < pages; p++) {
    const [row] = await db.query<{ text: string }>("SELECT text FROM epoch_dataset_pages WHERE epoch = $1 AND page = $2", [epoch, p]);
    if (!row) throw new IndexerStateError(`dataset page ${p} of epoch ${epoch} is missing`, { epoch: epoch.toString(), page: p });
    yield row.text;
  }
}
