import { describe, it } from "mocha";
import { expect } from "chai";
import { createPublicClient, getAddress, http, type Address, type Hex, type WalletClient } from "viem";
import { acceptReview } from "../../agents/indexer/reviews.js";
import { ingestOnce } from "../../agents/indexer/ingest.js";
import { DEADLINE_IN } from "../escrow/fixture.js";
import { ChainUnavailableError, ReviewRejectedError } from "../../agents/indexer/errors.js";
import { reviewTypedData } from "../../agents/protocol/eip712.js";
import type { SignedReview } from "../../agents/protocol/review.js";
import { backends, freshDb, indexerChain, signReview, taskIdOf } from "./fixtures.js";

const NOW = 1_800_000_100;

async function setup(backend: Parameters<typeof freshDb>[0]) {
  const chain = await indexerChain();
  const db = await freshDb(backend);
  const c = chain.clientAddr;
  const w = chain.workerAddr;
  const escrow = chain.escrowAddr;
  const settled = await chain.task("released");
  const open = await chain.task("submitted");
  const ingest = () => ingestOnce({ db, publicClient: chain.publicClient, chainId: chain.chainId, escrow, confirmations: 0 });
  await ingest();
  const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow, epochSeconds: 86_400, now: NOW };
  const accept = (r: SignedReview) => acceptReview(opts, r);
  const sign = (signer: WalletClient, f: Parameters<typeof signReview>[3]) => signReview(signer, chain.chainId, escrow, f);
  return { chain, db, c, w, escrow, settled, open, accept, ingest, sign };
}

async function rejection(p: Promise<unknown>): Promise<ReviewRejectedError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(ReviewRejectedError);
    return err as ReviewRejectedError;
  }
  throw new Error("expected the review to be rejected");
}

for (const backend of backends()) {
  describe(`indexer review acceptance (${backend})`, () => {
    it("accepts both parties' reviews of a settled task and records the outcome", async () => {
      const s = await setup(backend);
      try {
        const byClient = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 5 });
        const byWorker = await s.sign(s.chain.worker, { taskId: s.settled, subject: s.c, rating: 3 });
        const a = await s.accept(byClient);
        const b = await s.accept(byWorker);
        expect(a.outcome).to.equal("released");
        expect(a.epoch).to.equal(BigInt(NOW) / 86_400n);
        expect(a.id).to.not.equal(b.id);
        const rows = await s.db.query<{ reviewer: string; outcome: string; rating: number }>("SELECT reviewer, outcome, rating FROM reviews ORDER BY rating");
        expect(rows).to.deep.equal([
          { reviewer: s.w, outcome: "released", rating: 3 },
          { reviewer: s.c, outcome: "released", rating: 5 },
        ]);
      } finally {
        await s.db.dispose();
      }
    });

    it("accepts a review signed by an ERC-1271 contract wallet", async () => {
      const s = await setup(backend);
      try {
        // A smart-account worker (owned by `stranger`) whose task ends in a timeout refund.
        const wallet = await s.chain.viem.deployContract("ERC1271Wallet", [s.chain.a(s.chain.stranger)]);
        const bid = await s.chain.makeBid({ worker: wallet.address });
        await s.chain.as(s.chain.client).fund({ bid: bid, signature: await s.chain.sign(bid, s.chain.stranger) });
        await s.chain.networkHelpers.time.increase(DEADLINE_IN + 1);
        await s.chain.as(s.chain.client).refund(bid);
        await s.ingest();
        const fields = {
          taskId: bid.taskId,
          reviewer: getAddress(wallet.address) as Address,
          subject: s.c,
          rating: 4,
          commentHash: taskIdOf("comment"),
          timestamp: 1_800_000_000n,
        };
        const signature = await s.chain.stranger.signTypedData({ account: s.chain.stranger.account!, ...reviewTypedData(s.chain.chainId, s.escrow, fields) });
        const accepted = await s.accept({ ...fields, signature });
        expect(accepted.outcome).to.equal("refunded");

        // The wallet's owner is not the reviewer: the same signature with the owner as reviewer is refused.
        const forged = { ...fields, taskId: s.settled, reviewer: s.chain.a(s.chain.stranger), signature };
        expect((await rejection(s.accept(forged))).code).to.equal("WRONG_PARTIES");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: BAD_SIGNATURE when someone else signed", async () => {
      const s = await setup(backend);
      try {
        const r = await s.sign(s.chain.stranger, { taskId: s.settled, reviewer: s.c, subject: s.w, rating: 1 });
        expect((await rejection(s.accept(r))).code).to.equal("BAD_SIGNATURE");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: BAD_SIGNATURE when a signed field was changed", async () => {
      const s = await setup(backend);
      try {
        const r = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 2 });
        expect((await rejection(s.accept({ ...r, rating: 5 }))).code).to.equal("BAD_SIGNATURE");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: CHAIN_UNAVAILABLE, not BAD_SIGNATURE, when the RPC fails during a signature check", async () => {
      const s = await setup(backend);
      try {
        const dead = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0, timeout: 2_000 }) });
        const opts = { db: s.db, publicClient: dead, chainId: s.chain.chainId, escrow: s.escrow, epochSeconds: 86_400, now: NOW };
        const forged = await s.sign(s.chain.stranger, { taskId: s.settled, reviewer: s.c, subject: s.w, rating: 1 });
        let caught: unknown;
        try {
          await acceptReview(opts, forged);
        } catch (err) {
          caught = err;
        }
        expect(caught).to.be.instanceOf(ChainUnavailableError);
        // An EOA signature still verifies offline (ECDSA recovery), so an honest review is not held up.
        const honest = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 5 });
        expect((await acceptReview(opts, honest)).outcome).to.equal("released");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: UNKNOWN_TASK, TASK_NOT_SETTLED and WRONG_PARTIES", async () => {
      const s = await setup(backend);
      try {
        const sign = (taskId: Hex, subject: Address) => s.sign(s.chain.client, { taskId, subject, rating: 4 });
        expect((await rejection(s.accept(await sign(taskIdOf("nope"), s.w)))).code).to.equal("UNKNOWN_TASK");
        const notSettled = await rejection(s.accept(await sign(s.open, s.w)));
        expect(notSettled.code).to.equal("TASK_NOT_SETTLED");
        expect(notSettled.details).to.deep.include({ status: "submitted" });
        const other = s.chain.a(s.chain.stranger);
        expect((await rejection(s.accept(await sign(s.settled, other)))).code).to.equal("WRONG_PARTIES");
        expect((await rejection(s.accept(await sign(s.settled, s.c)))).code).to.equal("WRONG_PARTIES");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: a settled 1-unit task a second account funded under the same id is never taken for the open award", async () => {
      const s = await setup(backend);
      try {
        const fx = s.chain;
        const squatter = fx.stranger;
        await fx.usdc.write.mint([fx.a(squatter), 1n]);
        await fx.usdc.write.approve([fx.escrow.address, 1n], { account: squatter.account! });
        // The open award s.open (client c, worker w) shares its id with a squat the squatter settles at once.
        const squat = await fx.makeBid({ taskId: s.open, client: fx.a(squatter), worker: fx.a(squatter), arbiter: fx.a(squatter), amount: 1n });
        await fx.as(squatter).fund({ bid: squat, signature: await fx.sign(squat, squatter) });
        await fx.as(squatter).release(squat);
        await s.ingest();
        const byClient = await s.sign(fx.client, { taskId: s.open, subject: s.w, rating: 1 });
        expect((await rejection(s.accept(byClient))).code).to.equal("TASK_NOT_SETTLED");
        const bySquatter = await s.sign(squatter, { taskId: s.open, subject: s.w, rating: 1 });
        expect((await rejection(s.accept(bySquatter))).code).to.equal("WRONG_PARTIES");
        // Once the award itself settles, its parties' reviews carry its outcome.
        await fx.as(fx.client).release({ client: s.c, taskId: s.open });
        await s.ingest();
        expect((await s.accept(byClient)).outcome).to.equal("released");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: DUPLICATE_REVIEW for a second review of one task by one reviewer", async () => {
      const s = await setup(backend);
      try {
        await s.accept(await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 5 }));
        const again = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 1, timestamp: 1_800_000_050n });
        expect((await rejection(s.accept(again))).code).to.equal("DUPLICATE_REVIEW");
        expect(await s.db.query("SELECT 1 FROM reviews")).to.have.length(1);
      } finally {
        await s.db.dispose();
      }
    });

    it("error: RATING_OUT_OF_RANGE for 0 and 6 stars, TIMESTAMP_IN_FUTURE for a review from tomorrow", async () => {
      const s = await setup(backend);
      try {
        for (const rating of [0, 6]) {
          const r = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating });
          expect((await rejection(s.accept(r))).code).to.equal("RATING_OUT_OF_RANGE");
        }
        const late = await s.sign(s.chain.client, { taskId: s.settled, subject: s.w, rating: 3, timestamp: BigInt(NOW + 86_400) });
        expect((await rejection(s.accept(late))).code).to.equal("TIMESTAMP_IN_FUTURE");
      } finally {
        await s.db.dispose();
      }
    });
  });
}
