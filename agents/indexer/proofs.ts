import type { Hex } from "viem";
import type { Db } from "./db/Db.js";
import { IndexerStateError } from "./errors.js";
import { loadReviewTree, type ReviewMerkleTree } from "./merkle/index.js";
import { getEpochTree } from "./store.js";

/**
 * Proofs of stored reviews from each epoch's stored tree. A built tree never changes, so the
 * last `cacheSize` loaded trees are kept in memory.
 *
 * @example
 * const proofs = createProofLookup(db);
 * const proof = await proofs.proofOf(20413n, reviewId);
 */
export function createProofLookup(db: Db, cacheSize = 16) {
  const trees = new Map<bigint, ReviewMerkleTree>();

  async function treeOf(epoch: bigint): Promise<ReviewMerkleTree | null> {
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
      const tree = await treeOf(epoch);
      const index = tree ? leafIndexOf(tree, id) : -1;
      if (!tree || index < 0) throw new IndexerStateError(`stored tree of epoch ${epoch} does not hold review ${id}`, { epoch, id });
      return tree.proof(index);
    },
  };
}

/**
 * Position of leaf `id` in an epoch's tree. Leaves are in canonical order (ascending leaf hash,
 * see dataset.ts), so a binary search finds it without any per-epoch index. -1 if absent.
 */
export function leafIndexOf(tree: ReviewMerkleTree, id: Hex): number {
  const want = id.toLowerCase();
  let lo = 0;
  let hi = tree.leafCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = tree.leafHash(mid).toLowerCase();
    if (h === want) return mid;
    if (h < want) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
