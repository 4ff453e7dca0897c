import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, type Address, type Hex } from "viem";
import { acceptReview } from "../../agents/indexer/reviews.js";
import { ingestOnce } from "../../agents/indexer/ingest.js";
import { ReviewRejectedError } from "../../agents/indexer/errors.js";
import { reviewTypedData } from "../../agents/protocol/eip712.js";
import type { SignedReview } from "../../agents/protocol/review.js";
import { backends, emitterChain, freshDb, signReview, taskIdOf } from "./fixtures.js";

const NOW = 1_800_000_100;

async function setup(backend: Parameters<typeof freshDb>[0]) {
  const chain = await emitterChain();
  const db = await freshDb(backend);
  const c = getAddress(chain.clientW.account.address);
  const w = getAddress(chain.workerW.account.address);
  const escrow = chain.emitter.address;
  const settled = taskIdOf("settled");
  const open = taskIdOf("open");
  await chain.emitter.write.funded([settled, c, w, c, 100n]);
  await chain.emitter.write.released([settled, c, w]);
  await chain.emitter.write.funded([open, c, w, c, 100n]);
  const ingest = () => ingestOnce({ db, publicClient: chain.publicClient, chainId: chain.chainId, escrow, confirmations: 0 });
  await ingest();
  const opts = { db, publicClient: chain.publicClient, chainId: chain.chainId, escrow, epochSeconds: 86_400, now: NOW };
  const accept = (r: SignedReview) => acceptReview(opts, r);
  return { chain, db, c, w, escrow, settled, open, accept, ingest };
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
        const byClient = await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating: 5 });
        const byWorker = await signReview(s.chain.workerW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.c, rating: 3 });
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
        const wallet = await s.chain.viem.deployContract("ERC1271Wallet", [s.chain.otherW.account.address]);
        const t = taskIdOf("wallet");
        await s.chain.emitter.write.funded([t, wallet.address, s.w, s.c, 1n]);
        await s.chain.emitter.write.autoReleased([t, wallet.address, s.w]);
        await s.ingest();
        const fields = {
          taskId: t,
          reviewer: getAddress(wallet.address) as Address,
          subject: s.w,
          rating: 4,
          commentHash: taskIdOf("comment"),
          timestamp: 1_800_000_000n,
        };
        const signature = await s.chain.otherW.signTypedData(reviewTypedData(s.chain.chainId, s.escrow, fields));
        const accepted = await s.accept({ ...fields, signature });
        expect(accepted.outcome).to.equal("auto-released");

        // The wallet's owner is not the reviewer: the same signature with the owner as reviewer is refused.
        const forged = { ...fields, taskId: s.settled, reviewer: getAddress(s.chain.otherW.account.address) as Address, signature };
        expect((await rejection(s.accept(forged))).code).to.equal("WRONG_PARTIES");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: BAD_SIGNATURE when someone else signed", async () => {
      const s = await setup(backend);
      try {
        const r = await signReview(s.chain.otherW, s.chain.chainId, s.escrow, { taskId: s.settled, reviewer: s.c, subject: s.w, rating: 1 });
        expect((await rejection(s.accept(r))).code).to.equal("BAD_SIGNATURE");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: BAD_SIGNATURE when a signed field was changed", async () => {
      const s = await setup(backend);
      try {
        const r = await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating: 2 });
        expect((await rejection(s.accept({ ...r, rating: 5 }))).code).to.equal("BAD_SIGNATURE");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: UNKNOWN_TASK, TASK_NOT_SETTLED and WRONG_PARTIES", async () => {
      const s = await setup(backend);
      try {
        const sign = (taskId: Hex, subject: Address) => signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId, subject, rating: 4 });
        expect((await rejection(s.accept(await sign(taskIdOf("nope"), s.w)))).code).to.equal("UNKNOWN_TASK");
        const notSettled = await rejection(s.accept(await sign(s.open, s.w)));
        expect(notSettled.code).to.equal("TASK_NOT_SETTLED");
        expect(notSettled.details).to.deep.include({ status: "funded" });
        const other = getAddress(s.chain.otherW.account.address) as Address;
        expect((await rejection(s.accept(await sign(s.settled, other)))).code).to.equal("WRONG_PARTIES");
        expect((await rejection(s.accept(await sign(s.settled, s.c)))).code).to.equal("WRONG_PARTIES");
      } finally {
        await s.db.dispose();
      }
    });

    it("error: DUPLICATE_REVIEW for a second review of one task by one reviewer", async () => {
      const s = await setup(backend);
      try {
        await s.accept(await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating: 5 }));
        const again = await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating: 1, timestamp: 1_800_000_050n });
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
          const r = await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating });
          expect((await rejection(s.accept(r))).code).to.equal("RATING_OUT_OF_RANGE");
        }
        const late = await signReview(s.chain.clientW, s.chain.chainId, s.escrow, { taskId: s.settled, subject: s.w, rating: 3, timestamp: BigInt(NOW + 86_400) });
        expect((await rejection(s.accept(late))).code).to.equal("TIMESTAMP_IN_FUTURE");
      } finally {
        await s.db.dispose();
      }
    });
  });
}
