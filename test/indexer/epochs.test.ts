import { describe, it } from "mocha";
import { SignedReview } from "../../agents/protocol/review.js";
import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, keccak256, stringToBytes, type Address, type Hex, type PublicClient } from "viem";
import { anchorEpoch, readEpoch, reputationAnchorAbi, verifyReviewOnChain } from "../../agents/chain/anchor.js";
import type { AnchorPort } from "../../agents/indexer/closeEpoch.js";
import { AnchorConflictError, EpochLengthMismatchError } from "../../agents/indexer/errors.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { reviewLeafHash } from "../../agents/indexer/merkle/index.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { syntheticReviews } from "../../agents/bench/syntheticReviews.js";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { AgentReviewsResponse, ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { taskFactsReader } from "../../agents/chain/taskFacts.js";
import { provenHistory } from "../../agents/runtime/provenHistory.js";
import { REVIEW_LEAF_TYPES } from "../../agents/protocol/reviewLeaf.js";
import type { Db } from "../../agents/indexer/db/Db.js";
import { anchoredIndexer as setup, backends, crashOn, EPOCH, freshDb, signReview, T0 } from "./fixtures.js";
import { CLAIM_BPS } from "../escrow/fixture.js";

/** How many anchor transactions ReputationAnchor has accepted. */
async function anchorCount(chain: { publicClient: PublicClient }, anchor: Address): Promise<bigint> {
  const [, count] = await chain.publicClient.readContract({ address: anchor, abi: reputationAnchorAbi, functionName: "head" });
  return count;
}

for (const backend of backends()) {
  describe(`indexer epoch closing (${backend})`, () => {
    it("error: refuses to start when its epoch length differs from the anchor contract's", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        const started = createIndexer({ db, publicClient: s.chain.publicClient, escrow: s.chain.escrowAddr, anchor: s.anchor.address, epochSeconds: 86_400 });
        const err = await started.then(() => expect.fail("expected EpochLengthMismatchError"), (e: unknown) => e);
        expect(err).to.be.instanceOf(EpochLengthMismatchError);
        expect(err).to.deep.include({ code: "EPOCH_LENGTH_MISMATCH", details: { indexerSeconds: 86_400, contractSeconds: EPOCH, anchor: getAddress(s.anchor.address) } });
      } finally {
        await db.dispose();
      }
    });

    it("anchors an ended epoch and serves proofs that verify in TypeScript and on-chain", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        expect(await s.indexer.closeDueEpochs()).to.deep.equal([]); // the epoch has not ended yet
        s.clock.set(T0 + EPOCH);
        const [closed] = await s.indexer.closeDueEpochs();
        expect(closed).to.deep.include({ epoch: s.epoch, status: "anchored", leafCount: 3 });

        const onChain = await readEpoch(s.chain.publicClient, s.anchor.address, s.epoch);
        expect(onChain).to.deep.include({ root: closed!.root, leafCount: 3n, datasetHash: closed!.datasetHash });

        // The dataset hashes to the anchored dataset hash and rebuilds the anchored root.
        const res = await s.indexer.app.request(`/epochs/${s.epoch}/dataset`);
        const text = await res.text();
        expect(keccak256(stringToBytes(text))).to.equal(onChain!.datasetHash);
        const dataset = JSON.parse(text) as { leaves: { taskId: Hex; reviewer: Hex; subject: Hex; rating: number; commentHash: Hex; timestamp: string; worker: Hex; claimedSuccessBps: number; deliveredBps: number }[] };
        const rebuilt = StandardMerkleTree.of(
          dataset.leaves.map((l) => [l.taskId, l.reviewer, l.subject, l.rating, l.commentHash, l.timestamp, l.worker, l.claimedSuccessBps, l.deliveredBps]),
          [...REVIEW_LEAF_TYPES],
        );
        expect(rebuilt.root).to.equal(onChain!.root);

        for (const [i, id] of s.ids.entries()) {
          const got = ReviewResponse.parse(await (await s.indexer.app.request(`/reviews/${id}`)).json());
          expect(got).to.deep.include({ anchored: true, root: onChain!.root, epoch: s.epoch.toString() });
          const { signature: _sig, ...signed } = s.reviews[i]!;
          // The leaf carries the task's worker, the claim its bid signed and what the settlement paid
          // (reviews 0 and 1: released; review 2: ruled 25% to the worker).
          const fields = { ...signed, worker: s.chain.workerAddr, claimedSuccessBps: CLAIM_BPS, deliveredBps: i === 2 ? 2_500 : 10_000 };
          expect(got.review).to.deep.include({ worker: fields.worker, claimedSuccessBps: fields.claimedSuccessBps, deliveredBps: fields.deliveredBps });
          expect(isReviewProven(got.root as Hex, fields, got.proof as Hex[])).to.equal(true);
          expect(await verifyReviewOnChain(s.chain.publicClient, s.anchor.address, s.epoch, fields, got.proof as Hex[])).to.equal(true);
          expect(await verifyReviewOnChain(s.chain.publicClient, s.anchor.address, s.epoch, { ...fields, rating: 1 }, got.proof as Hex[])).to.equal(false);
          // error: an indexer (or anyone) that lowers a worker's claim or raises its delivery breaks the proof.
          expect(isReviewProven(got.root as Hex, { ...fields, claimedSuccessBps: 5_000 }, got.proof as Hex[])).to.equal(false);
          expect(await verifyReviewOnChain(s.chain.publicClient, s.anchor.address, s.epoch, { ...fields, deliveredBps: 9_999 }, got.proof as Hex[])).to.equal(false);
        }
        expect(res.headers.get("content-type")).to.match(/^application\/json/);
        expect(await (await s.indexer.app.request("/health")).json()).to.deep.include({ lastAnchoredEpoch: s.epoch.toString() });
        const epoch = await (await s.indexer.app.request(`/epochs/${s.epoch}`)).json();
        expect(epoch).to.deep.include({ status: "anchored", root: onChain!.root, leafCount: 3 });

        // Reviews now count as verified in the score.
        expect((await s.indexer.reputation(s.chain.workerAddr)).verifiedShare).to.equal(1);
        // Closing again is a no-op: no second transaction.
        expect(await s.indexer.closeDueEpochs()).to.deep.equal([]);
        expect(s.sent).to.have.length(1);
        expect(await anchorCount(s.chain, s.anchor.address)).to.equal(1n);
      } finally {
        await db.dispose();
      }
    });

    it("lists an agent's anchored reviews with proofs that a manager's on-chain check accepts", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        const list = async () => AgentReviewsResponse.parse(await (await s.indexer.app.request(`/agents/${s.chain.workerAddr}/reviews`)).json());
        expect((await list()).reviews, "nothing is listed before it is anchored").to.deep.equal([]);
        s.clock.set(T0 + EPOCH);
        await s.indexer.closeDueEpochs();
        const listed = await list();
        const about = s.reviews.filter((r) => r.subject.toLowerCase() === s.chain.workerAddr.toLowerCase());
        expect(listed.reviews).to.have.length(about.length).and.to.have.length.greaterThan(0);
        const check = provenHistory({
          claims: { reviewsOf: async () => listed },
          rootOf: async (e) => (await readEpoch(s.chain.publicClient, s.anchor.address, e))?.root,
          tasks: taskFactsReader(s.chain.publicClient, { address: s.chain.escrowAddr }),
        });
        const { proven: verified, checked, rejected } = await check(s.chain.workerAddr);
        expect(verified).to.have.length(about.length);
        expect(checked, "an honest indexer's leaves match the escrow's events").to.have.length(about.length);
        expect(rejected).to.deep.equal({});
      } finally {
        await db.dispose();
      }
    });

    it("serves a proof that verifies for every review of a larger epoch", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        // 61 more leaves seeded into the store unchecked (signatures are not part of the leaf).
        const extra = syntheticReviews(61, 3);
        await seedReviews(db, extra, T0, EPOCH);
        s.clock.set(T0 + EPOCH);
        const [closed] = await s.indexer.closeDueEpochs();
        expect(closed!.leafCount).to.equal(64);
        for (const r of extra) {
          const got = await s.indexer.getReview(reviewLeafHash(r));
          expect(isReviewProven(closed!.root, r, got.proof as Hex[]), got.id).to.equal(true);
        }
      } finally {
        await db.dispose();
      }
    });

    it("error: a crash after broadcasting, before recording, is finished on restart without a second anchor", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        s.clock.set(T0 + EPOCH);
        const crashing: AnchorPort = {
          ...s.realPort,
          send: async (a) => {
            await s.realPort.send(a); // the transaction is out (and mined: automine)...
            throw new Error("simulated crash after broadcast"); // ...but the process dies before recording it
          },
        };
        const first = await s.make({ anchorPort: crashing });
        let caught: unknown;
        try {
          await first.closeDueEpochs();
        } catch (err) {
          caught = err;
        }
        expect(String(caught)).to.match(/simulated crash/);
        expect((await s.indexer.epoch(s.epoch)).status).to.equal("built");

        const restarted = await s.make();
        const [done] = await restarted.closeDueEpochs();
        expect(done).to.deep.include({ status: "anchored" });
        expect(s.sent).to.have.length(0);
        expect(await anchorCount(s.chain, s.anchor.address)).to.equal(1n);
        expect((await restarted.getReview(s.ids[0]!)).anchored).to.equal(true);
      } finally {
        await db.dispose();
      }
    });

    it("error: a crash after recording the tx hash is finished from its receipt", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        s.clock.set(T0 + EPOCH);
        const first = await s.make({ db: crashOn(db, /SET status = 'anchored'/) });
        let caught: unknown;
        try {
          await first.closeDueEpochs();
        } catch (err) {
          caught = err;
        }
        expect(String(caught)).to.match(/simulated crash/);
        const mid = await s.indexer.epoch(s.epoch);
        expect(mid.status).to.equal("sent");
        expect(mid.txHash).to.equal(s.sent[0]);

        const [done] = await s.indexer.closeDueEpochs();
        expect(done).to.deep.include({ status: "anchored", txHash: s.sent[0] });
        expect(done!.anchoredBlock).to.be.a("bigint");
        expect(s.sent).to.have.length(1);
      } finally {
        await db.dispose();
      }
    });

    it("error: refuses to anchor when the chain holds a different root for the epoch", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        s.clock.set(T0 + EPOCH);
        const other = keccak256(stringToBytes("someone else's root"));
        await anchorEpoch(
          { walletClient: s.chain.owner, publicClient: s.chain.publicClient, address: s.anchor.address },
          { epoch: s.epoch, root: other, leafCount: 1n, datasetHash: other },
        );
        let caught: unknown;
        try {
          await s.indexer.closeDueEpochs();
        } catch (err) {
          caught = err;
        }
        expect(caught).to.be.instanceOf(AnchorConflictError);
        expect((caught as AnchorConflictError).details).to.deep.include({ chainRoot: other });
        expect(s.sent).to.have.length(0);
        expect((await s.indexer.getReview(s.ids[0]!)).anchored).to.equal(false);
      } finally {
        await db.dispose();
      }
    });

    it("puts a review accepted after its epoch closed into the next epoch, even if the clock went back", async () => {
      const db = await freshDb(backend);
      try {
        const s = await setup(db);
        s.clock.set(T0 + EPOCH);
        await s.indexer.closeDueEpochs();
        s.clock.set(T0 + 10); // clock skew: back inside the closed epoch
        const t3 = await s.chain.task("refunded");
        await s.indexer.ingestOnce();
        const late = await signReview(s.chain.client, s.chain.chainId, s.chain.escrowAddr, { taskId: t3, subject: s.chain.workerAddr, rating: 1 });
        const accepted = await s.indexer.submitReview(SignedReview.encode(late));
        expect(accepted.epoch).to.equal((s.epoch + 1n).toString());
        expect((await s.indexer.epoch(s.epoch)).leafCount).to.equal(3);
      } finally {
        await db.dispose();
      }
    });
  });
}
