import { describe, it } from "mocha";
import { expect } from "chai";
import { readEpoch } from "../../agents/chain/anchor.js";
import { IndexerStateError } from "../../agents/indexer/errors.js";
import { anchoredIndexer as setup, backends, EPOCH, freshDb, T0 } from "./fixtures.js";

// The closer builds an epoch's tree from the stored ids (each the leaf hash of its review) and
// checks every id against its row's fields in the dataset pass (agents/indexer/epochLeafIds.ts).
for (const backend of backends()) {
  describe(`indexer epoch closing checks every stored id against its row (${backend})`, () => {
    it("error: a row changed in the database behind the indexer (its fields, or its id) stops the close with an IndexerStateError naming it; nothing is built or anchored until it is put back", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        s.clock.set(T0 + EPOCH);
        const refused = async (review?: string) => {
          const err = await s.indexer.closeDueEpochs().catch((e: unknown) => e);
          expect(err).to.be.instanceOf(IndexerStateError);
          expect((err as IndexerStateError).details).to.include({ epoch: s.epoch.toString(), ...(review ? { review } : {}) });
          expect(s.sent).to.deep.equal([]);
          expect(await readEpoch(s.chain.publicClient, s.anchor.address, s.epoch)).to.equal(null);
          expect(await db.query("SELECT epoch FROM epochs")).to.deep.equal([]);
          expect(await db.query("SELECT page FROM epoch_dataset_pages")).to.deep.equal([]);
          expect(await db.query("SELECT page FROM epoch_tree_pages")).to.deep.equal([]);
        };
        const [{ rating }] = await db.query<{ rating: number }>("SELECT rating FROM reviews WHERE id = $1", [s.ids[1]]) as [{ rating: number }];
        // A rating lowered in the database: the id no longer is the leaf of the row's fields.
        await db.query("UPDATE reviews SET rating = $2 WHERE id = $1", [s.ids[1], rating === 1 ? 2 : 1]);
        await refused(s.ids[1]!);
        await db.query("UPDATE reviews SET rating = $2 WHERE id = $1", [s.ids[1], rating]);
        // An id changed (here to upper case: the same hash, but not the leaf hash as the indexer writes it,
        // and out of the order the tree is read in, which may be what is noticed first).
        const upper = `0x${s.ids[2]!.slice(2).toUpperCase()}`;
        await db.query("UPDATE reviews SET id = $2 WHERE id = $1", [s.ids[2], upper]);
        await refused();
        await db.query("UPDATE reviews SET id = $2 WHERE id = $1", [upper, s.ids[2]]);
        // Put back, the epoch closes and is anchored.
        const [closed] = await s.indexer.closeDueEpochs();
        expect(closed).to.deep.include({ epoch: s.epoch, status: "anchored", leafCount: 3 });
        expect(s.sent).to.have.length(1);
      } finally {
        await db.dispose();
      }
    });
  });
}
