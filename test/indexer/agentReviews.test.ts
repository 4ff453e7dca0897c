import { describe, it } from "mocha";
import { expect } from "chai";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { AgentReviewsResponse } from "../../agents/indexer/api/schemas.js";
import { replicaReads } from "../../agents/indexer/db/readReplica.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { anchoredIndexer, backends, counted, EPOCH, freshDb, T0 } from "./fixtures.js";

const PER_EPOCH = 40;

for (const backend of backends()) {
  describe(`GET /agents/:address/reviews reads (${backend})`, function () {
    this.timeout(120_000);

    it(`attack: listing an agent with ${PER_EPOCH} anchored and ${PER_EPOCH} unanchored reviews costs the same few statements as listing one, on the replica and on the primary`, async () => {
      const db = await freshDb(backend);
      let server: Awaited<ReturnType<typeof startIndexerServer>> | undefined;
      try {
        const s = await anchoredIndexer(db);
        const worker = s.chain.workerAddr;
        const about = (seed: number) => syntheticReviews(PER_EPOCH, seed).map((r) => ({ ...r, subject: worker, worker }));
        await seedReviews(db, about(1), T0 + 5, EPOCH);
        s.clock.set(T0 + EPOCH);
        const [closed] = await s.indexer.closeDueEpochs();
        expect(closed).to.deep.include({ status: "anchored", leafCount: PER_EPOCH + 3 });
        // The open epoch: as many reviews again, none anchored, so none listed.
        await seedReviews(db, about(2), T0 + EPOCH + 5, EPOCH);

        // The "replica" is the same database behind its own counter: what matters is which handle each read goes to.
        const onReplica = counted(db);
        const onPrimary = counted(db);
        const api = await s.make({ db: onPrimary.db, readDb: replicaReads({ replica: onReplica.db, primary: onPrimary.db }) });
        server = await startIndexerServer(api, { port: 0 });
        const list = async () => {
          const res = await fetch(`${server!.url}/agents/${worker}/reviews`);
          expect(res.status).to.equal(200);
          return AgentReviewsResponse.parse(await res.json());
        };

        const first = await list();
        // The two fixture reviews about the worker and the 40 seeded ones, each proven against the anchored root.
        expect(first.reviews).to.have.length(PER_EPOCH + 2);
        for (const r of first.reviews) expect(isReviewProven(closed!.root, r.review, r.proof!), r.id).to.equal(true);
        // The list, two epochs, the tree's layout and its one page: not a read per review.
        expect(onReplica.n(), "statements on the replica, first list").to.be.at.most(5);
        // The open epoch is not anchored on the replica, so the primary is asked about it: once, not once per review.
        expect(onPrimary.n(), "statements on the primary, first list").to.equal(1);

        onReplica.reset();
        onPrimary.reset();
        expect(await list()).to.deep.equal(first);
        // Again: the anchored epoch and its tree are kept, the open epoch is asked once more on each side.
        expect(onReplica.n(), "statements on the replica, second list").to.equal(2);
        expect(onPrimary.n(), "statements on the primary, second list").to.equal(1);
      } finally {
        await server?.close();
        await db.dispose();
      }
    });
  });
}
