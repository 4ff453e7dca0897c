import { describe, it } from "mocha";
import { expect } from "chai";
import { AMOUNT, REASON, REVIEW_PERIOD, escrowFixture, expectRevert } from "./fixture.js";

const WINDOW = 3n * 24n * 3600n;

describe("TaskEscrow disputes", () => {
  it("either party disputes up to the last second of the review period, not after", async () => {
    const f = await escrowFixture();
    for (const party of [f.client, f.worker]) {
      const { bid, submittedAt } = await f.submitted();
      await f.at(submittedAt + REVIEW_PERIOD);
      await f.as(party).dispute({ ...bid, reasonHash: REASON });
      const view = await f.as(f.arbiter).getTask(bid);
      expect(view.status).to.equal("Disputed");
      expect(view.dispute).to.deep.equal({
        disputant: f.a(party),
        reasonHash: REASON,
        rulingDeadline: submittedAt + REVIEW_PERIOD + WINDOW,
      });
    }
    const { bid, submittedAt } = await f.submitted();
    const end = submittedAt + REVIEW_PERIOD;
    await f.at(end + 1n);
    await expectRevert(f.as(f.client).dispute({ ...bid, reasonHash: REASON }), "TaskEscrowTooLate", [bid.taskId, end, end + 1n]);
  });

  it("error: only the parties dispute, and only after a submission", async () => {
    const f = await escrowFixture();
    const funded = await f.funded();
    await expectRevert(f.as(f.client).dispute({ ...funded, reasonHash: REASON }), "TaskEscrowWrongStatus", [funded.taskId, 1]);
    const { bid } = await f.submitted();
    for (const w of [f.arbiter, f.stranger]) {
      await expectRevert(f.as(w).dispute({ ...bid, reasonHash: REASON }), "TaskEscrowUnauthorized", [bid.taskId, f.a(w)]);
    }
  });

  it("the arbiter's split pays worker share minus fee and refunds the rest, up to the window's last second", async () => {
    const f = await escrowFixture();
    const { bid, disputedAt } = await f.disputed();
    const clientBefore = await f.balance(f.a(f.client));
    await f.at(disputedAt + WINDOW);
    await f.as(f.arbiter).rule({ ...bid, workerBps: 6_000 });
    const gross = (AMOUNT * 6_000n) / 10_000n;
    const fee = gross / 100n;
    expect(await f.balance(f.a(f.worker))).to.equal(gross - fee);
    expect(await f.balance(f.a(f.client))).to.equal(clientBefore + AMOUNT - gross);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(fee);
    const view = await f.as(f.client).getTask(bid);
    expect(view.status).to.equal("Ruled");
    expect(view.settlement).to.deep.equal({ workerPayout: gross - fee, fee, clientRefund: AMOUNT - gross });
  });

  it("rules the edges: 0 refunds everything, 10_000 pays the worker in full minus fee", async () => {
    const f = await escrowFixture();
    const zero = await f.disputed();
    await f.as(f.arbiter).rule({ ...zero.bid, workerBps: 0 });
    expect((await f.as(f.client).getTask(zero.bid)).settlement).to.deep.equal({
      workerPayout: 0n,
      fee: 0n,
      clientRefund: AMOUNT,
    });
    const full = await f.disputed();
    await f.as(f.arbiter).rule({ ...full.bid, workerBps: 10_000 });
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - AMOUNT / 100n);
  });

  it("error: only the arbiter rules, within bounds and within the window", async () => {
    const f = await escrowFixture();
    const { bid, disputedAt } = await f.disputed();
    for (const w of [f.client, f.worker, f.stranger]) {
      await expectRevert(f.as(w).rule({ ...bid, workerBps: 5_000 }), "TaskEscrowUnauthorized", [bid.taskId, f.a(w)]);
    }
    await expectRevert(f.as(f.arbiter).rule({ ...bid, workerBps: 10_001 }), "TaskEscrowBpsTooHigh", [10_001n, 10_000n]);
    await f.at(disputedAt + WINDOW + 1n);
    await expectRevert(f.as(f.arbiter).rule({ ...bid, workerBps: 5_000 }), "TaskEscrowTooLate", [
      bid.taskId,
      disputedAt + WINDOW,
      disputedAt + WINDOW + 1n,
    ]);
    await f.networkHelpers.mine(); // the reverted call did not use the pinned timestamp
    const s = await f.submitted();
    await expectRevert(f.as(f.arbiter).rule({ ...s.bid, workerBps: 5_000 }), "TaskEscrowWrongStatus", [s.bid.taskId, 2]);
  });

  it("anyone settles with the frozen fallback split one second after the window, not before", async () => {
    const f = await escrowFixture();
    const { bid, disputedAt } = await f.disputed();
    await f.escrow.write.setDisputeTerms([60, 9_000], { account: f.owner.account! }); // must not apply
    const end = disputedAt + WINDOW;
    await f.at(end);
    await expectRevert(f.as(f.stranger).settleFallback(bid), "TaskEscrowTooEarly", [bid.taskId, end, end]);
    await f.at(end + 1n);
    await f.as(f.stranger).settleFallback(bid);
    const gross = AMOUNT / 2n;
    const fee = gross / 100n;
    const view = await f.as(f.client).getTask(bid);
    expect(view.status).to.equal("FallbackSettled");
    expect(view.settlement).to.deep.equal({ workerPayout: gross - fee, fee, clientRefund: AMOUNT - gross });
    await expectRevert(f.as(f.arbiter).rule({ ...bid, workerBps: 10_000 }), "TaskEscrowWrongStatus", [bid.taskId, 7]);
  });

  it("a mutual cancel ends a dispute with a full refund", async () => {
    const f = await escrowFixture();
    const { bid } = await f.disputed();
    const before = await f.balance(f.a(f.client));
    await f.as(f.worker).cancel(bid);
    await f.as(f.client).cancel(bid);
    expect(await f.balance(f.a(f.client))).to.equal(before + AMOUNT);
  });
});
