import { describe, it } from "mocha";
import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeAbiParameters, hexToBytes, keccak256, stringToHex, type Hex } from "viem";
import { readEpoch } from "../../agents/chain/anchor.js";
import { taskFactsReader } from "../../agents/chain/taskFacts.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { migrate } from "../../agents/indexer/db/schema.js";
import { getReview } from "../../agents/indexer/store.js";
import { saveTreePages } from "../../agents/indexer/treePages.js";
import { provenHistory } from "../../agents/runtime/provenHistory.js";
import { CLAIM_BPS } from "../escrow/fixture.js";
import { anchoredIndexer, backends, EPOCH, freshDb, T0 } from "./fixtures.js";

/** The six signed fields: the leaf before it carried the task's facts (dataset format @1). */
const OLD_TYPES = ["bytes32", "address", "address", "uint8", "bytes32", "uint64"];

async function oldLeaf(db: Db, id: Hex): Promise<{ values: [Hex, Hex, Hex, number, Hex, bigint]; hash: Hex }> {
  const r = (await getReview(db, id))!;
  const values: [Hex, Hex, Hex, number, Hex, bigint] = [r.taskId, r.reviewer, r.subject, r.rating, r.commentHash, r.timestamp];
  return { values, hash: keccak256(keccak256(encodeAbiParameters(OLD_TYPES.map((type) => ({ type })), values))) };
}

type Row = { id: string; worker: string | null; claimed_bps: number | null; delivered_bps: number | null };
const rows = (db: Db) => db.query<Row>("SELECT id, worker, claimed_bps, delivered_bps FROM reviews ORDER BY id");

for (const backend of backends()) {
  describe(`indexer on a database from before the 9-field leaf (${backend})`, function () {
    this.timeout(120_000);

    it("fills old reviews' worker, claim and delivery from the ingested events on start, once; their epoch is then anchored, proven and chain-checked, and an old anchored epoch keeps its 6-field root", async () => {
      const db = await freshDb(backend);
      try {
        const s = await anchoredIndexer(db); // t1 released (client ↔ worker reviews), t2 ruled at 25% (client's review)
        const epoch = s.epoch;
        // An epoch anchored by the old indexer: the worker's review of the client, as a one-leaf 6-field tree.
        const old = await oldLeaf(db, s.ids[1]!);
        await s.realPort.receipt(await s.realPort.send({ epoch: epoch - 1n, root: old.hash, leafCount: 1, datasetHash: keccak256(stringToHex("old dataset")) }));
        await db.query(
          `INSERT INTO epochs (epoch, status, root, leaf_count, dataset_hash, dataset, built_at) VALUES ($1, 'anchored', $2, 1, $3, '{"format":"agent-market/review-dataset@1"}', 0)`,
          [epoch - 1n, old.hash, keccak256(stringToHex("old dataset"))],
        );
        await saveTreePages(db, epoch - 1n, hexToBytes(old.hash)); // a one-leaf tree: its only node is the leaf
        await db.query("UPDATE reviews SET epoch = $2 WHERE id = $1", [s.ids[1], epoch - 1n]);
        // Every review as the old indexer stored it: its id the 6-field leaf's hash, no task facts;
        // then the columns and the tasks' claim go, as in the old schema.
        for (const id of s.ids) await db.query("UPDATE reviews SET id = $2 WHERE id = $1", [id, (await oldLeaf(db, id)).hash.toLowerCase()]);
        await db.query("ALTER TABLE reviews DROP COLUMN worker, DROP COLUMN claimed_bps, DROP COLUMN delivered_bps");
        await db.query("ALTER TABLE tasks DROP COLUMN claimed_bps");
        await db.query("DROP TABLE schema_version"); // the old indexer recorded no schema version

        expect(await migrate(db), "the start of the new indexer").to.deep.equal({ tasks: 2, reviews: 2, keptInBuiltEpochs: 1 });
        const after = await rows(db);
        // The re-ided reviews get exactly the ids (9-field leaf hashes) today's indexer gives them.
        expect(after.find((r) => r.id === s.ids[0]!.toLowerCase())).to.deep.include({ worker: s.chain.workerAddr, claimed_bps: CLAIM_BPS, delivered_bps: 10_000 });
        expect(after.find((r) => r.id === s.ids[2]!.toLowerCase())).to.deep.include({ worker: s.chain.workerAddr, claimed_bps: CLAIM_BPS, delivered_bps: 2_500 });
        expect(after.find((r) => r.id === old.hash.toLowerCase()), "the anchored epoch's review keeps its old leaf").to.deep.include({ worker: null, claimed_bps: null });
        expect((await db.query<{ claimed_bps: number }>("SELECT claimed_bps FROM tasks")).map((t) => t.claimed_bps)).to.deep.equal([CLAIM_BPS, CLAIM_BPS]);
        expect(await migrate(db), "idempotent: a second start changes nothing").to.deep.equal({ tasks: 0, reviews: 0, keptInBuiltEpochs: 1 });
        expect(await rows(db)).to.deep.equal(after);

        // The backfilled epoch closes and anchors like any other; its leaves are proven and chain-checked.
        s.clock.set(T0 + EPOCH);
        const indexer = await s.make();
        await indexer.closeDueEpochs();
        const rootOf = async (e: bigint) => (await readEpoch(s.chain.publicClient, s.anchor.address, e))?.root;
        const history = provenHistory({ claims: indexer, rootOf, tasks: taskFactsReader(s.chain.publicClient, { address: s.chain.escrowAddr }) });
        const about = await history(s.chain.workerAddr);
        expect(about.leaves.map((l) => l.status)).to.deep.equal(["chain-checked", "chain-checked"]);
        // The old epoch is served as it was: its proof verifies as a 6-field leaf under its anchored root.
        const served = await indexer.getReview(old.hash);
        expect(served?.epoch).to.equal((epoch - 1n).toString());
        expect(StandardMerkleTree.verify((await rootOf(epoch - 1n))!, OLD_TYPES, old.values, served!.proof ?? [])).to.equal(true);
      } finally {
        await db.dispose();
      }
    });
  });
}
