import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, zeroAddress } from "viem";
import { escrowFixture, expectRevert } from "./fixture.js";
import { toEscrowErrorForTest as wrap } from "./wrap.js";

describe("TaskEscrow admin", () => {
  it("starts with documented defaults", async () => {
    const f = await escrowFixture();
    expect(await f.escrow.read.config()).to.deep.equal({
      feeBps: 100,
      referrerShareBps: 1_500,
      fallbackWorkerBps: 5_000,
      rulingWindow: 259_200,
      paused: false,
      feeRecipient: f.a(f.feeRecipient),
    });
  });

  it("lets the owner change every setting for future escrows", async () => {
    const f = await escrowFixture();
    const o = { account: f.owner.account! };
    await f.escrow.write.setFeeBps([1_000], o);
    await f.escrow.write.setFeeRecipient([f.a(f.stranger)], o);
    await f.escrow.write.setReferrerShareBps([10_000], o);
    await f.escrow.write.setDisputeTerms([3_600, 7_000], o);
    await f.escrow.write.setPaused([true], o);
    expect(await f.escrow.read.config()).to.deep.equal({
      feeBps: 1_000,
      referrerShareBps: 10_000,
      fallbackWorkerBps: 7_000,
      rulingWindow: 3_600,
      paused: true,
      feeRecipient: f.a(f.stranger),
    });
  });

  it("error: settings are bounded", async () => {
    const f = await escrowFixture();
    const o = { account: f.owner.account! };
    const call = (p: Promise<unknown>) => p.catch((e) => { throw wrap(e); });
    await expectRevert(call(f.escrow.write.setFeeBps([1_001], o)), "TaskEscrowBpsTooHigh", [1_001n, 1_000n]);
    await expectRevert(call(f.escrow.write.setReferrerShareBps([10_001], o)), "TaskEscrowBpsTooHigh", [10_001n, 10_000n]);
    await expectRevert(call(f.escrow.write.setDisputeTerms([1, 10_001], o)), "TaskEscrowBpsTooHigh", [10_001n, 10_000n]);
    await expectRevert(call(f.escrow.write.setFeeRecipient([zeroAddress], o)), "TaskEscrowZeroAddress", []);
  });

  it("error: only the owner changes settings; ownership moves in two steps", async () => {
    const f = await escrowFixture();
    const s = { account: f.stranger.account! };
    const call = (p: Promise<unknown>) => p.catch((e) => { throw wrap(e); });
    const who = [f.a(f.stranger)];
    await expectRevert(call(f.escrow.write.setFeeBps([0], s)), "OwnableUnauthorizedAccount", who);
    await expectRevert(call(f.escrow.write.setFeeRecipient([f.a(f.stranger)], s)), "OwnableUnauthorizedAccount", who);
    await expectRevert(call(f.escrow.write.setReferrerShareBps([0], s)), "OwnableUnauthorizedAccount", who);
    await expectRevert(call(f.escrow.write.setDisputeTerms([1, 1], s)), "OwnableUnauthorizedAccount", who);
    await expectRevert(call(f.escrow.write.setPaused([true], s)), "OwnableUnauthorizedAccount", who);
    await f.escrow.write.transferOwnership([f.a(f.stranger)], { account: f.owner.account! });
    expect(getAddress(await f.escrow.read.owner())).to.equal(f.a(f.owner));
    await f.escrow.write.acceptOwnership(s);
    expect(getAddress(await f.escrow.read.owner())).to.equal(f.a(f.stranger));
    await f.escrow.write.setPaused([true], s);
  });

  it("pays credits out once; error: nothing to withdraw, zero recipient", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.client).release(bid);
    await expectRevert(f.as(f.feeRecipient).withdraw({ token: f.usdc.address, to: zeroAddress }), "TaskEscrowZeroAddress", []);
    expect(await f.as(f.stranger).creditOf({ account: f.a(f.feeRecipient), token: f.usdc.address })).to.equal(bid.amount / 100n);
    await f.as(f.feeRecipient).withdraw({ token: f.usdc.address, to: f.a(f.stranger) });
    expect(await f.balance(f.a(f.stranger))).to.equal(bid.amount / 100n);
    await expectRevert(f.as(f.feeRecipient).withdraw({ token: f.usdc.address, to: f.a(f.stranger) }), "TaskEscrowNothingToWithdraw", [
      f.a(f.feeRecipient),
      getAddress(f.usdc.address),
    ]);
  });
});
