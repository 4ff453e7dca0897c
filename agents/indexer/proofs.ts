import type { Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import type { Db } from "./db/Db.js";
import { IndexerStateError } from "./errors.js";
import { loadReviewTree, type ReviewMerkleTree } from "./merkle/index.js";
import { getEpochTree } from "./store.js";
import { readThrough } from "../readThrough.js";
import { createTreePageReader, type PagedTree } from "./treePages.js";

/**
 * Proofs of stored reviews from each epoch's stored tree pages (treePages.ts): any API process
 * reads the pages a proof needs through a bounded cache, hashing nothing. Epochs built before
 * trees were paged hold one whole serialised tree, loaded and kept (the last `cacheSize`).
 *
 * @example
 * const proofs = createProofLookup(db);
 * const proof = await proofs.proofOf(20413n, reviewId);
 */
export function createProofLookup(db: Db, cacheSize = 16, pageCacheBytes?: number) {
  const trees = new Map<bigint, ReviewMerkleTree>();
  // A built epoch's tree never changes: its layout is read once, by the first of any concurrent
  // proofs; an epoch not built yet (null), or a failed read, is asked again next time.
  const layouts = readThrough<bigint, PagedTree | "whole" | null>({ ttlMs: Infinity, keep: (layout) => layout !== null });
  const pages = createTreePageReader(db, pageCacheBytes);

  async function readLayout(epoch: bigint): Promise<PagedTree | "whole" | null> {
    const [row] = await db.query<{ leaf_count: number; tree_page_nodes: number | null; whole: boolean }>(
      "SELECT leaf_count, tree_page_nodes, tree IS NOT NULL AS whole FROM epochs WHERE epoch = $1",
      [epoch],
    );
    if (!row || (row.tree_page_nodes === null && !row.whole)) return null;
    return row.tree_page_nodes === null ? "whole" : { epoch, leafCount: Number(row.leaf_count), pageNodes: Number(row.tree_page_nodes) };
  }

  const layoutOf = (epoch: bigint): Promise<PagedTree | "whole" | null> => layouts.get(epoch, () => readLayout(epoch));

  async function wholeTree(epoch: bigint): Promise<ReviewMerkleTree | null> {
    const cached = trees.get(epoch);
    if (cached) return cached;
    const bytes = await getEpochTree(db, epoch);
    if (!bytes) return null;
    const tree = loadReviewTree(bytes);
    if (trees.size >= cacheSize) trees.delete(trees.keys().next().value!);
    trees.set(epoch, tree);
    return tree;
  }

  return {
    /** The Merkle proof of leaf `id` in `epoch`'s tree; a missing tree or leaf is an {@link IndexerStateError}. */
    async proofOf(epoch: bigint, id: Hex): Promise<Hex[]> {
      const missing = () => new IndexerStateError(`stored tree of epoch ${epoch} does not hold review ${id}`, { epoch, id });
      const layout = await layoutOf(epoch);
      if (layout === null) throw missing();
      if (layout !== "whole") {
        const position = await pages.leafPosition(layout, id);
        if (position < 0) throw missing();
        return pages.proof(layout, position);
      }
      const tree = await wholeTree(epoch);
      const index = tree ? leafIndexOf(tree, id) : -1;
      if (!tree || index < 0) throw missing();
      return tree.proof(index);
    },
  };
}

/**
 * Position of leaf `id` in an epoch's tree. Leaves are in canonical order (ascending leaf hash,
 * see dataset.ts), so a binary search finds it without any per-epoch index. -1 if absent.
 */
export function leafIndexOf(tree: ReviewMerkleTree, id: Hex): number {
  const want = toHash32(id);
  let lo = 0;
  let hi = tree.leafCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = tree.leafHash(mid);
    if (h === want) return mid;
    if (h < want) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
