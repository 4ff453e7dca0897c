import { describe, it } from "mocha";
import { expect } from "chai";
import type { Hex } from "viem";
import type { Db } from "../../agents/indexer/db/Db.js";
import { verifyReputation } from "../../agents/index.js";
import { serveChain } from "../../agents/dashboard/serveChain.js";
import { startIndexerServer } from "../../agents/indexer/index.js";
import { reviewLeafHash } from "../../agents/indexer/merkle/index.js";
import { getReview } from "../../agents/indexer/store.js";
import { CLAIM_BPS } from "../escrow/fixture.js";
import { anchoredIndexer, EPOCH, freshDb, T0 } from "../indexer/fixtures.js";

/**
 * The indexer is its own anchorer: a root it anchors holds whatever leaves it chose, so every
 * proof it serves passes. verifyReputation must still catch a leaf whose claim or delivery is not
 * the escrow's, by reading TaskFunded and the settlement events.
 */
describe("verifyReputation against the escrow's events", function () {
  this.timeout(120_000);

  /** The fixture's indexer (released task t1, task t2 ruled at 25%), served over HTTP with the chain, after `tamper` edits its database. */
  async function served(tamper: (s: Awaited<ReturnType<typeof anchoredIndexer>>, db: Db) => Promise<void>) {
    const db = await freshDb("pglite");
    const s = await anchoredIndexer(db);
    await tamper(s, db);
    s.clock.set(T0 + EPOCH);
    await s.indexer.closeDueEpochs();
    const api = await startIndexerServer(s.indexer, { port: 0 });
    const rpc = await serveChain(s.chain.connection.provider);
    const verify = () => verifyReputation(s.chain.workerAddr, { indexerUrl: api.url, rpcUrl: rpc.url, anchor: s.anchor.address, escrow: s.chain.escrowAddr });
    return { s, verify, close: async () => (await api.close(), await rpc.close(), await db.dispose()) };
  }

  /** What a dishonest operator does: rewrites a stored review's task facts (and its id, the leaf hash) before its epoch closes. */
  async function rewrite(db: Db, id: Hex, facts: { claimedSuccessBps?: number; deliveredBps?: number }) {
    const stored = (await getReview(db, id))!;
    const lie = { ...stored, ...facts };
    await db.query("UPDATE reviews SET id = $2, claimed_bps = $3, delivered_bps = $4 WHERE id = $1", [id, reviewLeafHash(lie).toLowerCase(), lie.claimedSuccessBps, lie.deliveredBps]);
  }

  it("chain-checks an honest indexer's leaves and computes the calibration from them", async () => {
    const m = await served(async () => {});
    try {
      const rep = await m.verify();
      expect(rep.leaves.map((l) => l.status)).to.deep.equal(["chain-checked", "chain-checked"]);
      expect(rep.checked).to.have.length(2);
      expect(rep.rejected).to.deep.equal({});
      expect(rep.calibration).to.deep.include({ tasks: 2, meanClaimed: CLAIM_BPS / 10_000, meanDelivered: (1 + 0.25) / 2 });
      expect(rep.meanRating).to.equal((5 + 2) / 2);
    } finally {
      await m.close();
    }
  });

  it("error: an indexer that anchors its own root over a lowered claim and a raised delivery passes every proof, and is caught by the events", async () => {
    const m = await served(async (s, db) => {
      await rewrite(db, s.ids[0]!, { claimedSuccessBps: 1_000 }); // t1: the worker claimed 80%, the leaf says 10%
      await rewrite(db, s.ids[2]!, { deliveredBps: 10_000 }); // t2: the arbiter gave the worker 25%, the leaf says all
    });
    try {
      const rep = await m.verify();
      expect(rep.proven, "the self-anchored root holds both lies").to.have.length(2);
      const byRating = new Map(rep.leaves.map((l) => [l.review.rating, l]));
      expect(byRating.get(5)).to.deep.include({ status: "mismatched", mismatches: [{ field: "claimedSuccessBps", leaf: 1_000, chain: CLAIM_BPS }] });
      expect(byRating.get(2)).to.deep.include({ status: "mismatched", mismatches: [{ field: "deliveredBps", leaf: 10_000, chain: 2_500 }] });
      expect(rep.checked).to.deep.equal([]);
      expect(rep.rejected).to.deep.equal({ mismatched: 2 });
      expect(rep.calibration, "no calibration from leaves the chain contradicts").to.equal(null);
      expect(rep.meanRating).to.equal(null);
    } finally {
      await m.close();
    }
  });

  it("error: a review of a task never funded between its parties is not chain-checked, even under an anchored root", async () => {
    const m = await served(async (s, db) => {
      // t2's review rewritten onto a task id nobody funded (its signature no longer matters to the leaf).
      const stored = (await getReview(db, s.ids[2]!))!;
      const invented = { ...stored, taskId: `0x${"ab".repeat(32)}` as Hex };
      await db.query("UPDATE reviews SET id = $2, task_id = $3 WHERE id = $1", [s.ids[2], reviewLeafHash(invented).toLowerCase(), invented.taskId]);
    });
    try {
      const rep = await m.verify();
      expect(rep.leaves.map((l) => l.status).sort()).to.deep.equal(["chain-checked", "not-funded"]);
      expect(rep.calibration).to.deep.include({ tasks: 1, meanDelivered: 1 });
    } finally {
      await m.close();
    }
  });
});
