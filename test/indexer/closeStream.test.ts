import { describe, it } from "mocha";
import { expect } from "chai";
import { keccak256, stringToBytes, type Address } from "viem";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { buildEpoch } from "../../agents/indexer/closeEpoch.js";
import { canonicalOrder, encodeDataset } from "../../agents/indexer/dataset.js";
import { epochOf } from "../../agents/indexer/epochs.js";
import { buildReviewTree } from "../../agents/indexer/merkle/index.js";
import { createProofLookup } from "../../agents/indexer/proofs.js";
import { getEpochDataset, reviewsOfEpoch } from "../../agents/indexer/store.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { backends, freshDb } from "./fixtures.js";

const ESCROW = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const NOW = 1_800_000_030;
const SECONDS = 60;
const EPOCH = epochOf(NOW, SECONDS);
const opts = (db: Db) => ({ db, chainId: 31_337, escrow: ESCROW, epochSeconds: SECONDS, pageRows: 7, datasetPageChars: 2_000, treePageNodes: 16 });

async function text(pieces: AsyncIterable<string> | null): Promise<{ text: string; pieces: number }> {
  let out = "";
  let n = 0;
  for await (const p of pieces ?? []) (out += p), n++;
  return { text: out, pieces: n };
}

for (const backend of backends()) {
  describe(`indexer epoch building from a cursor (${backend})`, () => {
    it("builds from pages of 7 rows the root and dataset text the whole-epoch encoder gives, stored as many pages, orphaned reviews left out", async () => {
      const db = await freshDb(backend);
      try {
        await seedReviews(db, syntheticReviews(257, 11), NOW, SECONDS);
        await db.query("UPDATE reviews SET orphaned = TRUE WHERE id = (SELECT MIN(id) FROM reviews)");
        const reviews = canonicalOrder(await reviewsOfEpoch(db, EPOCH));
        expect(reviews).to.have.length(256);
        const whole = await buildReviewTree(reviews);
        const expected = encodeDataset({ chainId: 31_337, escrow: ESCROW, epoch: EPOCH, epochSeconds: SECONDS, root: whole.root, reviews });

        const built = await buildEpoch(opts(db), EPOCH);
        expect(built).to.deep.include({ status: "built", root: whole.root, leafCount: 256, datasetHash: expected.hash });
        const served = await text(await getEpochDataset(db, EPOCH));
        expect(served.text).to.equal(expected.json);
        expect(keccak256(stringToBytes(served.text))).to.equal(built.datasetHash);
        expect(served.pieces).to.be.greaterThan(expected.json.length / 2_100);
        // The tree pages serve every leaf's proof against the root.
        const proofs = createProofLookup(db, 16);
        for (const r of reviews) expect(isReviewProven(built.root, r, await proofs.proofOf(EPOCH, r.id))).to.equal(true);
        // Built once: a second call returns the stored record and writes nothing more.
        expect(await buildEpoch(opts(db), EPOCH)).to.deep.equal(built);
      } finally {
        await db.dispose();
      }
    });

    it("still serves the one-text dataset of an epoch built before datasets were paged", async () => {
      const db = await freshDb(backend);
      try {
        await db.query("INSERT INTO epochs (epoch, status, root, leaf_count, dataset_hash, dataset, built_at) VALUES (5, 'anchored', '0x01', 1, '0x02', '{\"old\":true}', 0)");
        expect(await text(await getEpochDataset(db, 5n))).to.deep.equal({ text: '{"old":true}', pieces: 1 });
        expect(await getEpochDataset(db, 6n)).to.equal(null);
      } finally {
        await db.dispose();
      }
    });

    it("error: refuses to build an epoch with no reviews, and stores nothing", async () => {
      const db = await freshDb(backend);
      try {
        const err = await buildEpoch(opts(db), EPOCH).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(RangeError);
        expect(await db.query("SELECT epoch FROM epochs")).to.deep.equal([]);
      } finally {
        await db.dispose();
      }
    });
  });
}
