import { signPermit } from "../../agents/chain/signPermit.js";
import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, maxUint256, zeroAddress } from "viem";
import { AMOUNT, escrowFixture, expectRevert } from "./fixture.js";
import { toEscrowErrorForTest as wrap } from "./wrap.js";

describe("TaskEscrow fund", () => {
  it("freezes the bid and the admin terms of the moment in TaskFunded", async () => {
    const f = await escrowFixture();
    const bid = await f.funded({}, f.a(f.referrer));
    const t = await f.as(f.worker).getTask(bid);
    expect(t.status).to.equal("Funded");
    expect(t.specHash).to.equal(bid.specHash);
    expect(t.claimedSuccessBps, "the worker's signed claim, emitted beside the settings").to.equal(8_000);
    expect(t.terms).to.deep.equal({
      client: f.a(f.client),
      worker: f.a(f.worker),
      token: getAddress(f.usdc.address),
      amount: AMOUNT,
      arbiter: f.a(f.arbiter),
      deadline: bid.deadline,
      reviewPeriod: bid.reviewPeriod,
      feeBps: 100,
      referrerShareBps: 1_500,
      fallbackWorkerBps: 5_000,
      rulingWindow: 3 * 24 * 3600,
      feeRecipient: f.a(f.feeRecipient),
      referrer: f.a(f.referrer),
    });
    // Nonces are cancellation handles: funding leaves them uncancelled (the taskId makes the bid single-use).
    expect(await f.escrow.read.nonceCancelled([f.a(f.worker), bid.nonce])).to.equal(false);
  });

  it("emits the worker's signed claim and nothing else changes with it (0, 1 and 10,000)", async () => {
    const f = await escrowFixture();
    for (const claimedSuccessBps of [0, 1, 10_000]) {
      const bid = await f.funded({ claimedSuccessBps }, f.a(f.referrer));
      const t = await f.as(f.client).getTask(bid);
      expect(t.claimedSuccessBps).to.equal(claimedSuccessBps);
      expect(t.terms.feeRecipient, "the claim sits above the fee recipient").to.equal(f.a(f.feeRecipient));
      expect(t.terms.rulingWindow).to.equal(3 * 24 * 3600);
    }
    // The claim is signed: the same bid with another claim is not the worker's.
    const bid = await f.makeBid({ claimedSuccessBps: 9_000 });
    const signature = await f.sign(bid);
    await expectRevert(f.as(f.client).fund({ bid: { ...bid, claimedSuccessBps: 9_999 }, signature }), "TaskEscrowInvalidSignature");
  });

  it("error: a signed claim above 10,000 bps (10,001 and the uint16 maximum) funds nothing and names the claim", async () => {
    const f = await escrowFixture();
    for (const claimedSuccessBps of [10_001, 65_535]) {
      const bid = await f.makeBid({ claimedSuccessBps });
      const signature = await f.sign(bid);
      await expectRevert(f.as(f.client).fund({ bid, signature }), "TaskEscrowClaimAboveBps", [bid.taskId, BigInt(claimedSuccessBps)]);
      expect((await f.escrow.read.taskState([f.a(f.client), bid.taskId]))[0], "still no task").to.equal(0);
    }
  });

  it("keeps an open escrow on its frozen fee after the owner changes the settings", async () => {
    const f = await escrowFixture();
    const bid = await f.funded({}, f.a(f.referrer));
    await f.escrow.write.setFeeBps([1_000], { account: f.owner.account! });
    await f.escrow.write.setReferrerShareBps([0], { account: f.owner.account! });
    await f.escrow.write.setFeeRecipient([f.a(f.stranger)], { account: f.owner.account! });
    await f.as(f.client).release(bid);
    const fee = AMOUNT / 100n;
    const referrerCut = (fee * 1_500n) / 10_000n;
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - fee);
    expect(await f.escrow.read.creditOf([f.a(f.referrer), f.usdc.address])).to.equal(referrerCut);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(fee - referrerCut);
    expect(await f.escrow.read.creditOf([f.a(f.stranger), f.usdc.address])).to.equal(0n);
  });

  it("funds with an EIP-2612 permit in the same call, and survives a front-run permit", async () => {
    const f = await escrowFixture();
    await f.usdc.write.approve([f.escrow.address, 0n], { account: f.client.account! });
    const permitFor = (nonce: bigint, deadline: bigint) =>
      signPermit(f.client, { chainId: f.chainId, token: { address: f.usdc.address, name: "Mock USD Coin" }, spender: f.escrow.address, value: AMOUNT, nonce, deadline });
    const bid = await f.makeBid();
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), permit: await permitFor(0n, maxUint256) });
    expect(await f.balance(f.escrow.address)).to.equal(AMOUNT);

    // Someone submits the client's permit first; funding still goes through on the allowance.
    const permit = await permitFor(1n, maxUint256);
    await f.usdc.write.permit([f.a(f.client), f.escrow.address, AMOUNT, permit.deadline, permit.v, permit.r, permit.s], {
      account: f.stranger.account!,
    });
    const bid2 = await f.makeBid();
    await f.as(f.client).fund({ bid: bid2, signature: await f.sign(bid2), permit });
    expect(await f.balance(f.escrow.address)).to.equal(2n * AMOUNT);
  });

  it("accepts a bid at its expiry and rejects it one second later", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    await f.at(bid.expiry);
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) });
    const late = await f.makeBid();
    const sig = await f.sign(late);
    await f.at(late.expiry + 1n);
    await expectRevert(f.as(f.client).fund({ bid: late, signature: sig }), "TaskEscrowBidExpired", [late.taskId, late.expiry, late.expiry + 1n]);
  });

  it("error: the completion deadline must be in the future", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const sig = await f.sign({ ...bid, deadline: bid.expiry - 10n });
    await f.at(bid.expiry - 10n);
    await expectRevert(f.as(f.client).fund({ bid: { ...bid, deadline: bid.expiry - 10n }, signature: sig }), "TaskEscrowDeadlineInPast", [
      bid.taskId,
      bid.expiry - 10n,
      bid.expiry - 10n,
    ]);
  });

  it("error: only the named client can fund (its tokens are pulled)", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    await expectRevert(f.as(f.stranger).fund({ bid: bid, signature: await f.sign(bid) }), "TaskEscrowNotClient", [
      bid.taskId,
      f.a(f.stranger),
      f.a(f.client),
    ]);
  });

  it("error: zero and oversized amounts", async () => {
    const f = await escrowFixture();
    for (const amount of [0n, 2n ** 128n]) {
      const bid = await f.makeBid({ amount });
      await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }), "TaskEscrowInvalidAmount", [bid.taskId, amount]);
    }
  });

  it("error: a task id is funded once, ever", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    const again = { ...(await f.makeBid()), taskId: bid.taskId };
    await expectRevert(f.as(f.client).fund({ bid: again, signature: await f.sign(again) }), "TaskEscrowTaskExists", [bid.taskId, 1]);
  });

  it("error: funding is paused, settlements are not", async () => {
    const f = await escrowFixture();
    const open = await f.funded();
    await f.escrow.write.setPaused([true], { account: f.owner.account! });
    const bid = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }), "TaskEscrowPaused", []);
    await f.as(f.client).release(open);
    expect((await f.as(f.client).getTask(open)).status).to.equal("Released");
    await f.escrow.write.setPaused([false], { account: f.owner.account! });
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) });
  });

  it("error: fee-on-transfer tokens are rejected naming expected and received", async () => {
    const f = await escrowFixture();
    const fot = await f.viem.deployContract("FeeOnTransferToken");
    await fot.write.mint([f.a(f.client), AMOUNT]);
    await fot.write.approve([f.escrow.address, AMOUNT], { account: f.client.account! });
    const bid = await f.makeBid({ token: fot.address });
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }), "TaskEscrowTransferMismatch", [
      getAddress(fot.address),
      AMOUNT,
      AMOUNT - AMOUNT / 100n,
    ]);
    expect(await fot.read.balanceOf([f.a(f.client)])).to.equal(AMOUNT);
  });

  it("error: a token that returns false cannot be funded", async () => {
    const f = await escrowFixture();
    const rft = await f.viem.deployContract("ReturnsFalseToken");
    await rft.write.mint([f.a(f.client), AMOUNT]);
    await rft.write.approve([f.escrow.address, AMOUNT], { account: f.client.account! });
    await rft.write.setFailing([true]);
    const bid = await f.makeBid({ token: rft.address });
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }), "SafeERC20FailedOperation", [getAddress(rft.address)]);
  });

  it("error: the deployment rejects a fee above 10% and a zero fee recipient", async () => {
    const f = await escrowFixture();
    const deploy = (args: [`0x${string}`, `0x${string}`, number]) =>
      f.viem.deployContract("TaskEscrow", args).catch((e) => {
        throw wrap(e);
      });
    await expectRevert(deploy([f.a(f.owner), f.a(f.feeRecipient), 1_001]), "TaskEscrowBpsTooHigh", [1001n, 1000n]);
    await expectRevert(deploy([f.a(f.owner), zeroAddress, 100]), "TaskEscrowZeroAddress", []);
  });
});
