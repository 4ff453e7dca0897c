import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex } from "viem";
import { AMOUNT, REASON, RESULT, escrowFixture, expectRevert } from "./fixture.js";

// Issue 11's findings 1-4 through the TypeScript binding, plus amounts that do not divide by the fee.
describe("TaskEscrow security review (issue 11)", () => {
  it("error: a config change that lands before fund reverts it, naming the fee and the client's bound", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const read = await f.as(f.client).getConfigBound(); // what the client saw
    expect(read).to.deep.equal({ maxFeeBps: 100, fallbackWorkerBps: 5_000, maxRulingWindow: 3 * 24 * 3600 });
    await f.escrow.write.setFeeBps([1_000], { account: f.owner.account! }); // lands first
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), bound: read }), "TaskEscrowFeeAboveBound", [1_000, 100]);
    await f.escrow.write.setFeeBps([100], { account: f.owner.account! });
    await f.escrow.write.setDisputeTerms([3 * 24 * 3600, 0], { account: f.owner.account! });
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), bound: read }), "TaskEscrowFallbackSplitChanged", [0, 5_000]);
    // Without an explicit bound the binding reads the config right before funding and accepts it.
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) });
    expect((await f.as(f.client).getTerms(bid)).fallbackWorkerBps).to.equal(0);
  });

  it("a squatter's 1-unit task under the client's id is a separate escrow the binding never confuses with the award", async () => {
    const f = await escrowFixture();
    const taskId = keccak256(stringToHex("announced"));
    const squatter = f.a(f.stranger);
    await f.usdc.write.mint([squatter, 1n]);
    await f.usdc.write.approve([f.escrow.address, 1n], { account: f.stranger.account! });
    const squat = await f.makeBid({ taskId, client: squatter, worker: squatter, arbiter: squatter, amount: 1n });
    await f.as(f.stranger).fund({ bid: squat, signature: await f.sign(squat, f.stranger) });
    const bid = await f.funded({ taskId }); // used to revert TaskEscrowTaskExists
    const award = await f.as(f.worker).getTask(bid);
    expect([award.terms.client, award.terms.worker, award.terms.amount]).to.deep.equal([f.a(f.client), f.a(f.worker), AMOUNT]);
    expect((await f.as(f.worker).getTask(squat)).terms.amount).to.equal(1n);
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - AMOUNT / 100n);
  });

  it("error: a cancel request made before submission cannot refund delivered work; its requester may withdraw it", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.worker).cancel(bid);
    expect((await f.as(f.client).getTask(bid)).cancelRequestedBy).to.equal(f.a(f.worker));
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    expect((await f.as(f.client).getTask(bid)).cancelRequestedBy).to.equal(undefined);
    await expectRevert(f.as(f.client).cancel(bid), "TaskEscrowCancelRequestStale", [bid.taskId, f.a(f.worker), 1, 2]);
    await expectRevert(f.as(f.client).withdrawCancelRequest(bid), "TaskEscrowNoCancelRequest", [bid.taskId, f.a(f.client)]);
    await f.as(f.worker).withdrawCancelRequest(bid);
    await f.as(f.client).dispute({ ...bid, reasonHash: REASON });
    await f.as(f.arbiter).rule({ ...bid, workerBps: 10_000 });
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - AMOUNT / 100n);
  });

  it("error: the referrer is neither party and stays the client's first one", async () => {
    const f = await escrowFixture();
    const self = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: self, signature: await f.sign(self), referrer: f.a(f.client) }), "TaskEscrowInvalidReferrer", [
      f.a(f.client), f.a(f.client), f.a(f.worker),
    ]);
    await f.funded({}, f.a(f.referrer));
    expect(await f.escrow.read.referrerOf([f.a(f.client)])).to.equal(f.a(f.referrer));
    const other = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: other, signature: await f.sign(other), referrer: f.a(f.arbiter) }), "TaskEscrowReferrerFixed", [
      f.a(f.client), f.a(f.referrer), f.a(f.arbiter),
    ]);
  });

  it("rounds the fee down on an amount it does not divide, and every wei lands somewhere", async () => {
    const f = await escrowFixture();
    const amount = 1_000_099n; // 1% is 10,000.99
    const bid = await f.funded({ amount });
    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(990_099n);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(10_000n);
    expect(await f.balance(f.escrow.address)).to.equal(10_000n);
  });

  it("splits a 33.33% ruling of an odd amount exactly: payout + fee + refund = amount", async () => {
    const f = await escrowFixture();
    const amount = 1_000_001n;
    const { bid } = await f.disputed({ amount });
    const clientBefore = await f.balance(f.a(f.client));
    await f.as(f.arbiter).rule({ ...bid, workerBps: 3_333 });
    const gross = (amount * 3_333n) / 10_000n; // 333,300 (333,300.33 rounded down)
    const fee = gross / 100n; // 3,333
    expect(await f.balance(f.a(f.worker))).to.equal(gross - fee);
    expect((await f.balance(f.a(f.client))) - clientBefore).to.equal(amount - gross);
    const view = await f.as(f.client).getTask(bid);
    expect(view.settlement).to.deep.equal({ workerPayout: 329_967n, fee: 3_333n, clientRefund: 666_701n });
  });

  it("error: a deferred fee is collected once; the second collectFees reverts TaskEscrowNoFeePending", async () => {
    const f = await escrowFixture();
    const bid = await f.funded({ amount: 1_234_567n });
    await f.as(f.client).release({ ...bid, compact: true });
    await f.as(f.stranger).collectFees({ tasks: [bid] });
    expect(await f.escrow.read.creditOf([getAddress(f.a(f.feeRecipient)), f.usdc.address])).to.equal(12_345n);
    await expectRevert(f.as(f.stranger).collectFees({ tasks: [bid] }), "TaskEscrowNoFeePending", [bid.taskId]);
  });
});
