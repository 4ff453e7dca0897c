import { describe, it } from "mocha";
import { expect } from "chai";
import { AMOUNT, RESULT, REVIEW_PERIOD, escrowFixture, expectRevert } from "./fixture.js";

const FEE = AMOUNT / 100n;

describe("TaskEscrow settlement", () => {
  it("funds, submits and releases: worker gets amount minus fee, fee is credited", async () => {
    const f = await escrowFixture();
    const clientBefore = await f.balance(f.a(f.client));
    const bid = await f.funded();
    expect(await f.balance(f.escrow.address)).to.equal(AMOUNT);
    expect(await f.balance(f.a(f.client))).to.equal(clientBefore - AMOUNT);
    expect((await f.as(f.client).getTask(bid)).status).to.equal("Funded");

    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    const submitted = await f.as(f.client).getTask(bid);
    expect(submitted.status).to.equal("Submitted");
    expect(submitted.submission?.resultHash).to.equal(RESULT);
    expect(submitted.submission?.reviewDeadline).to.equal(BigInt(submitted.since) + REVIEW_PERIOD);

    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(FEE);
    const view = await f.as(f.stranger).getTask(bid);
    expect(view.status).to.equal("Released");
    expect(view.settlement).to.deep.equal({ workerPayout: AMOUNT - FEE, fee: FEE, clientRefund: 0n });

    await f.as(f.feeRecipient).withdraw({ token: f.usdc.address, to: f.a(f.feeRecipient) });
    expect(await f.balance(f.a(f.feeRecipient))).to.equal(FEE);
    expect(await f.balance(f.escrow.address)).to.equal(0n);
  });

  it("lets the client release before any submission", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
  });

  it("lets the client release after the review period and after the deadline", async () => {
    const f = await escrowFixture();
    const { bid } = await f.submitted();
    await f.at(bid.deadline + 1n);
    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
  });

  it("lets the client release a disputed task (conceding)", async () => {
    const f = await escrowFixture();
    const { bid } = await f.disputed();
    await f.as(f.client).release(bid);
    expect((await f.as(f.client).getTask(bid)).status).to.equal("Released");
  });

  it("error: only the client releases", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    for (const w of [f.worker, f.arbiter, f.stranger]) {
      await expectRevert(f.as(w).release(bid), "TaskEscrowUnauthorized", [bid.taskId, f.a(w)]);
    }
  });

  it("error: a settled task cannot be released or settled again", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.client).release(bid);
    await expectRevert(f.as(f.client).release(bid), "TaskEscrowWrongStatus", [bid.taskId, 4]);
    await expectRevert(f.as(f.client).refund(bid), "TaskEscrowWrongStatus", [bid.taskId, 4]);
    await expectRevert(f.as(f.worker).decline(bid), "TaskEscrowWrongStatus", [bid.taskId, 4]);
    await expectRevert(f.as(f.client).cancel(bid), "TaskEscrowWrongStatus", [bid.taskId, 4]);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
  });

  it("error: terms that differ from the committed ones are rejected", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    const terms = await f.as(f.client).getTerms(bid);
    for (const forged of [{ ...terms, amount: terms.amount * 2n }, { ...terms, feeBps: 0 }, { ...terms, worker: f.a(f.stranger) }]) {
      await expectRevert(
        f.escrow.write.release([bid.taskId, forged], { account: f.client.account! }).catch((e) => {
          throw wrap(e);
        }),
        "TaskEscrowTermsMismatch",
        [bid.taskId],
      );
    }
  });

  it("error: an unknown task has status None", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const terms = { ...(await termsLike(f)), amount: 1n };
    await expectRevert(
      f.escrow.write.release([bid.taskId, terms], { account: f.client.account! }).catch((e) => {
        throw wrap(e);
      }),
      "TaskEscrowWrongStatus",
      [bid.taskId, 0],
    );
  });

  describe("submit", () => {
    it("accepts a submission at the deadline and rejects one a second later", async () => {
      const f = await escrowFixture();
      const onTime = await f.funded();
      await f.at(onTime.deadline);
      await f.as(f.worker).submit({ ...onTime, resultHash: RESULT });
      const late = await f.funded({ deadline: (await f.now()) + 100n });
      await f.at(late.deadline + 1n);
      await expectRevert(f.as(f.worker).submit({ ...late, resultHash: RESULT }), "TaskEscrowTooLate", [
        late.taskId,
        late.deadline,
        late.deadline + 1n,
      ]);
    });

    it("error: only the worker submits, and only once", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      for (const w of [f.client, f.stranger]) {
        await expectRevert(f.as(w).submit({ ...bid, resultHash: RESULT }), "TaskEscrowUnauthorized", [bid.taskId, f.a(w)]);
      }
      await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
      await expectRevert(f.as(f.worker).submit({ ...bid, resultHash: RESULT }), "TaskEscrowWrongStatus", [bid.taskId, 2]);
    });
  });

  describe("autoRelease", () => {
    it("opens one second after the review period, for anyone, and not before", async () => {
      const f = await escrowFixture();
      const { bid, submittedAt } = await f.submitted();
      const end = submittedAt + REVIEW_PERIOD;
      await f.at(end);
      await expectRevert(f.as(f.stranger).autoRelease(bid), "TaskEscrowTooEarly", [bid.taskId, end, end]);
      await f.at(end + 1n);
      await f.as(f.stranger).autoRelease(bid);
      expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
      expect((await f.as(f.client).getTask(bid)).status).to.equal("AutoReleased");
    });

    it("error: needs a submission; a disputed task cannot auto-release", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      await expectRevert(f.as(f.stranger).autoRelease(bid), "TaskEscrowWrongStatus", [bid.taskId, 1]);
      const d = await f.disputed();
      await f.networkHelpers.time.increase(Number(REVIEW_PERIOD) + 10);
      await expectRevert(f.as(f.stranger).autoRelease(d.bid), "TaskEscrowWrongStatus", [d.bid.taskId, 3]);
    });
  });

  describe("refund", () => {
    it("opens one second after the deadline without submission, for anyone", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      const before = await f.balance(f.a(f.client));
      await f.at(bid.deadline);
      await expectRevert(f.as(f.stranger).refund(bid), "TaskEscrowTooEarly", [
        bid.taskId,
        bid.deadline,
        bid.deadline,
      ]);
      await f.at(bid.deadline + 1n);
      await f.as(f.stranger).refund(bid);
      expect(await f.balance(f.a(f.client))).to.equal(before + AMOUNT);
      expect((await f.as(f.client).getTask(bid)).settlement).to.deep.equal({
        workerPayout: 0n,
        fee: 0n,
        clientRefund: AMOUNT,
      });
    });

    it("error: a submitted task is never refunded by timeout", async () => {
      const f = await escrowFixture();
      const { bid } = await f.submitted();
      await f.at(bid.deadline + 1n);
      await expectRevert(f.as(f.client).refund(bid), "TaskEscrowWrongStatus", [bid.taskId, 2]);
    });
  });

  describe("decline and cancel", () => {
    it("refunds at once when the worker declines", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      const before = await f.balance(f.a(f.client));
      await f.as(f.worker).decline(bid);
      expect(await f.balance(f.a(f.client))).to.equal(before + AMOUNT);
      expect((await f.as(f.client).getTask(bid)).status).to.equal("Declined");
    });

    it("error: only the worker declines, and not after submitting", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      for (const w of [f.client, f.arbiter, f.stranger]) {
        await expectRevert(f.as(w).decline(bid), "TaskEscrowUnauthorized", [bid.taskId, f.a(w)]);
      }
      const s = await f.submitted();
      await expectRevert(f.as(f.worker).decline(s.bid), "TaskEscrowWrongStatus", [s.bid.taskId, 2]);
    });

    it("cancels once both parties asked, in either order", async () => {
      const f = await escrowFixture();
      for (const [first, second] of [[f.client, f.worker], [f.worker, f.client]] as const) {
        const { bid } = await f.submitted();
        const before = await f.balance(f.a(f.client));
        await f.as(first).cancel(bid);
        const pending = await f.as(f.client).getTask(bid);
        expect(pending.status).to.equal("Submitted");
        expect(pending.cancelRequestedBy).to.equal(f.a(first));
        await f.as(second).cancel(bid);
        expect(await f.balance(f.a(f.client))).to.equal(before + AMOUNT);
        const done = await f.as(f.client).getTask(bid);
        expect(done.status).to.equal("Cancelled");
        expect(done.cancelRequestedBy).to.equal(undefined);
      }
    });

    it("error: a third party cannot cancel and a party cannot ask twice", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      await expectRevert(f.as(f.stranger).cancel(bid), "TaskEscrowUnauthorized", [bid.taskId, f.a(f.stranger)]);
      await f.as(f.client).cancel(bid);
      await expectRevert(f.as(f.client).cancel(bid), "TaskEscrowCancelAlreadyRequested", [
        bid.taskId,
        f.a(f.client),
      ]);
    });
  });

  describe("batches", () => {
    it("releases and auto-releases many tasks in one call", async () => {
      const f = await escrowFixture();
      const ids: TaskRef[] = [];
      for (let i = 0; i < 3; i++) ids.push((await f.submitted()).bid);
      await f.as(f.client).releaseBatch({ tasks: ids });
      expect(await f.balance(f.a(f.worker))).to.equal(3n * (AMOUNT - FEE));
      const autoIds: TaskRef[] = [];
      for (let i = 0; i < 3; i++) autoIds.push((await f.submitted()).bid);
      await f.networkHelpers.time.increase(Number(REVIEW_PERIOD) + 1);
      await f.as(f.stranger).autoReleaseBatch({ tasks: autoIds });
      expect(await f.balance(f.a(f.worker))).to.equal(6n * (AMOUNT - FEE));
      for (const id of autoIds) expect((await f.as(f.client).getTask(id)).status).to.equal("AutoReleased");
    });

    it("error: a batch with one bad task reverts as a whole", async () => {
      const f = await escrowFixture();
      const good = (await f.submitted()).bid;
      const bad = (await f.submitted()).bid;
      await f.as(f.client).release(bad);
      await expectRevert(f.as(f.client).releaseBatch({ tasks: [good, bad] }), "TaskEscrowWrongStatus", [bad.taskId, 4]);
      expect((await f.as(f.client).getTask(good)).status).to.equal("Submitted");
    });

    it("error: task ids and terms must have the same length", async () => {
      const f = await escrowFixture();
      const bid = await f.funded();
      const terms = await f.as(f.client).getTerms(bid);
      await expectRevert(
        f.escrow.write.releaseBatch([[bid.taskId, bid.taskId], [terms]], { account: f.client.account! }).catch((e) => {
          throw wrap(e);
        }),
        "TaskEscrowLengthMismatch",
        [2n, 1n],
      );
      await expectRevert(
        f.escrow.write.autoReleaseBatch([[bid.taskId], [terms, terms]], { account: f.stranger.account! }).catch((e) => {
          throw wrap(e);
        }),
        "TaskEscrowLengthMismatch",
        [1n, 2n],
      );
    });

    it("error: only the client batch-releases; auto-release batches wait for every review period", async () => {
      const f = await escrowFixture();
      const first = (await f.submitted()).bid;
      await f.networkHelpers.time.increase(Number(REVIEW_PERIOD) + 1);
      const second = await f.submitted();
      await expectRevert(f.as(f.stranger).releaseBatch({ tasks: [first] }), "TaskEscrowUnauthorized", [first.taskId, f.a(f.stranger)]);
      const end = second.submittedAt + REVIEW_PERIOD;
      await f.at(end);
      await expectRevert(f.as(f.stranger).autoReleaseBatch({ tasks: [first, second.bid] }), "TaskEscrowTooEarly", [
        second.bid.taskId,
        end,
        end,
      ]);
    });
  });
});

import { toEscrowErrorForTest as wrap } from "./wrap.js";
import type { EscrowFixture, Hex } from "./fixture.js";
import type { TaskRef } from "../../agents/chain/escrow.js";
async function termsLike(f: EscrowFixture) {
  const bid = await f.funded();
  return f.as(f.client).getTerms(bid);
}
