import { describe, it } from "mocha";
import { expect } from "chai";
import type { Hex } from "viem";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { canonicalOrder } from "../../agents/indexer/dataset.js";
import { IndexerStateError } from "../../agents/indexer/errors.js";
import { buildReviewTree, reviewLeafHash } from "../../agents/indexer/merkle/index.js";
import { createProofLookup } from "../../agents/indexer/proofs.js";
import { saveTreePages } from "../../agents/indexer/treePages.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { backends, freshDb } from "./fixtures.js";

const EPOCH = 20_413n;

/** An epoch of `n` reviews built and stored as the closer stores it, with tiny pages so a proof spans many. */
async function storedEpoch(db: Awaited<ReturnType<typeof freshDb>>, n: number, pageNodes: number) {
  const reviews = canonicalOrder(syntheticReviews(n, 7).map((r) => ({ ...r, id: reviewLeafHash(r) })));
  const tree = await buildReviewTree(reviews);
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO epochs (epoch, status, root, leaf_count, built_at) VALUES ($1, 'built', $2, $3, 0)", [EPOCH, tree.root, n]);
    await saveTreePages(tx, EPOCH, tree.nodeBytes(), pageNodes);
  });
  return { reviews, tree };
}

for (const backend of backends()) {
  describe(`indexer proofs from stored tree pages (${backend})`, () => {
    it("serves, from the pages alone, the same proof as the built tree for every leaf, through a cache smaller than the tree", async () => {
      const db = await freshDb(backend);
      try {
        const { reviews, tree } = await storedEpoch(db, 121, 16);
        const [{ pages }] = await db.query<{ pages: string | number }>("SELECT COUNT(*) AS pages FROM epoch_tree_pages WHERE epoch = $1", [EPOCH]) as [{ pages: string | number }];
        expect(Number(pages)).to.equal(Math.ceil((2 * 121 - 1) / 16));
        // Two API processes: each with its own reader, one with room for 6 pages only (evicting).
        for (const proofs of [createProofLookup(db, 16, 6 * 16 * 32), createProofLookup(db)]) {
          for (const [i, r] of reviews.entries()) {
            const proof = await proofs.proofOf(EPOCH, r.id);
            expect(proof, `leaf ${i}`).to.deep.equal(tree.proof(i));
            expect(isReviewProven(tree.root, r, proof)).to.equal(true);
          }
        }
      } finally {
        await db.dispose();
      }
    });

    it("error: INDEXER_STATE for a leaf the stored tree does not hold, and for an epoch with no tree", async () => {
      const db = await freshDb(backend);
      try {
        const { reviews } = await storedEpoch(db, 40, 8);
        const proofs = createProofLookup(db);
        const absent = `0x${"00".repeat(31)}01` as Hex;
        const beyond = `0x${"ff".repeat(32)}` as Hex;
        for (const [epoch, id] of [[EPOCH, absent], [EPOCH, beyond], [EPOCH + 1n, reviews[0]!.id]] as const) {
          let caught: unknown;
          await proofs.proofOf(epoch, id).catch((err: unknown) => (caught = err));
          expect(caught, `${epoch} ${id}`).to.be.instanceOf(IndexerStateError);
        }
      } finally {
        await db.dispose();
      }
    });
  });
}
