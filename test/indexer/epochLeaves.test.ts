import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress } from "viem";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { epochOf } from "../../agents/indexer/epochs.js";
import { epochLeafChunks } from "../../agents/indexer/epochLeaves.js";
import { IndexerStateError } from "../../agents/indexer/errors.js";
import { buildReviewTree, buildReviewTreeStreaming } from "../../agents/indexer/merkle/index.js";
import { encodeReviewLeaf, LEAF_BYTES } from "../../agents/indexer/merkle/encode.js";
import { REVIEW_COLUMNS, reviewsOfEpoch, toReview, type ReviewRow } from "../../agents/indexer/store.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { backends, freshDb } from "./fixtures.js";

const NOW = 1_800_000_030;
const SECONDS = 60;
const EPOCH = epochOf(NOW, SECONDS);

/** Every chunk copied as it comes (the generator reuses one buffer), joined. */
async function leafBytes(db: Db, pageRows: number): Promise<{ bytes: Buffer; chunks: number }> {
  return db.transaction(async (tx) => {
    const parts: Buffer[] = [];
    for await (const chunk of epochLeafChunks(tx, EPOCH, { pageRows })) parts.push(Buffer.from(chunk));
    return { bytes: Buffer.concat(parts), chunks: parts.length };
  });
}

/** The leaves of joined encodings, as hex, sorted: two scans need not return the rows in the same order. */
const leaves = (b: Buffer) => Array.from({ length: b.length / LEAF_BYTES }, (_, i) => b.toString("hex", i * LEAF_BYTES, (i + 1) * LEAF_BYTES)).sort();

for (const backend of backends()) {
  describe(`indexer epoch leaves decoded from one text per row (${backend})`, () => {
    it("gives, row for row, the bytes encodeReviewLeaf writes from the stored review, extremes and pre-facts rows included, and the same root", async () => {
      const db = await freshDb(backend);
      try {
        await seedReviews(db, syntheticReviews(60, 3), NOW, SECONDS);
        const ids = (await db.query<{ id: string }>("SELECT id FROM reviews ORDER BY id")).map((r) => r.id);
        // A row from before leaves carried the task's facts, the largest values each column holds
        // (a timestamp past 2^53), zeros, checksummed (mixed-case) addresses, and an orphaned row to leave out.
        await db.query("UPDATE reviews SET worker = NULL, claimed_bps = NULL, delivered_bps = NULL WHERE id = $1", [ids[0]]);
        await db.query("UPDATE reviews SET rating = 255, ts = 9223372036854775807, claimed_bps = 65535, delivered_bps = 0 WHERE id = $1", [ids[1]]);
        await db.query("UPDATE reviews SET rating = 0, ts = 0, reviewer = $2, worker = $2 WHERE id = $1", [ids[2], getAddress("0xabcdefabcdefabcdefabcdefabcdefabcdefabcd")]);
        await db.query("UPDATE reviews SET ts = 9007199254740993 WHERE id = $1", [ids[4]]);
        await db.query("UPDATE reviews SET orphaned = TRUE WHERE id = $1", [ids[3]]);

        const rows = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = $1 AND NOT orphaned`, [EPOCH]);
        const expected = Buffer.alloc(rows.length * LEAF_BYTES);
        rows.forEach((row, i) => encodeReviewLeaf(toReview(row), expected, i * LEAF_BYTES, i));
        const { bytes, chunks } = await leafBytes(db, 7);
        expect(chunks).to.equal(Math.ceil(59 / 7));
        expect(leaves(bytes)).to.deep.equal(leaves(expected));

        const old = await buildReviewTree(await reviewsOfEpoch(db, EPOCH));
        const fromText = await db.transaction(async (tx) => buildReviewTreeStreaming(59, epochLeafChunks(tx, EPOCH, { pageRows: 16 })));
        expect(fromText.root).to.equal(old.root);
      } finally {
        await db.dispose();
      }
    });

    it("error: a non-hex digit, a hash of the wrong length or a negative integer is an IndexerStateError naming the epoch and the field, not a wrong leaf", async () => {
      const db = await freshDb(backend);
      try {
        await seedReviews(db, syntheticReviews(5, 4), NOW, SECONDS);
        const [id] = (await db.query<{ id: string }>("SELECT id FROM reviews ORDER BY id")).map((r) => r.id);
        const fieldOf = async () => {
          const err = await leafBytes(db, 2).catch((e: unknown) => e);
          expect(err).to.be.instanceOf(IndexerStateError);
          expect((err as IndexerStateError).details).to.include({ epoch: EPOCH.toString() });
          return (err as IndexerStateError).details.field;
        };
        await db.query("UPDATE reviews SET reviewer = '0x' || repeat('g', 40) WHERE id = $1", [id]);
        expect(await fieldOf()).to.equal("reviewer");
        await db.query("UPDATE reviews SET reviewer = subject, comment_hash = '0xabcd' WHERE id = $1", [id]);
        expect(await fieldOf()).to.equal("leaf");
        await db.query("UPDATE reviews SET comment_hash = task_id, claimed_bps = -1 WHERE id = $1", [id]);
        expect(await fieldOf()).to.equal("claimedSuccessBps");
        await db.query("UPDATE reviews SET claimed_bps = 65536 WHERE id = $1", [id]);
        expect(await fieldOf()).to.equal("claimedSuccessBps");
      } finally {
        await db.dispose();
      }
    });
  });
}
