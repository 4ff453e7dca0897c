import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, parseEventLogs } from "viem";
import { taskEscrowAbi } from "../../agents/chain/escrow.js";
import { EscrowTxError } from "../../agents/chain/escrowErrors.js";
import { AMOUNT, REASON, RESULT, escrowFixture, expectRevert } from "./fixture.js";
import type { EscrowFixture } from "./fixture.js";

const FEE = AMOUNT / 100n;

/** A client with `credit` deposited into the escrow. */
async function withCredit(credit = 3n * AMOUNT) {
  const f = await escrowFixture();
  await f.as(f.client).deposit({ token: f.usdc.address, amount: credit });
  return f;
}

async function fundedFromCredit(f: EscrowFixture) {
  const bid = await f.makeBid();
  await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), fromCredit: true });
  return bid;
}

const credit = (f: EscrowFixture, who: `0x${string}`) => f.escrow.read.creditOf([who, f.usdc.address]);

describe("TaskEscrow internal balances (credit)", () => {
  it("credits a deposit by the amount that arrived and emits CreditDeposited", async () => {
    const f = await escrowFixture();
    const before = await f.balance(f.a(f.client));
    const { hash } = await f.as(f.client).deposit({ token: f.usdc.address, amount: 2n * AMOUNT });
    expect(await credit(f, f.a(f.client))).to.equal(2n * AMOUNT);
    expect(await f.balance(f.a(f.client))).to.equal(before - 2n * AMOUNT);
    const receipt = await f.publicClient.getTransactionReceipt({ hash });
    const [ev] = parseEventLogs({ abi: taskEscrowAbi, eventName: "CreditDeposited", logs: receipt.logs });
    expect(ev?.args).to.deep.equal({ account: f.a(f.client), token: getAddress(f.usdc.address), amount: 2n * AMOUNT });
  });

  it("credits a fee-on-transfer deposit with what actually arrived", async () => {
    const f = await escrowFixture();
    const fot = await f.viem.deployContract("FeeOnTransferToken");
    await fot.write.mint([f.a(f.client), AMOUNT]);
    await fot.write.approve([f.escrow.address, AMOUNT], { account: f.client.account! });
    await f.as(f.client).deposit({ token: fot.address, amount: AMOUNT });
    expect(await f.escrow.read.creditOf([f.a(f.client), fot.address])).to.equal(AMOUNT - AMOUNT / 100n);
    expect(await fot.read.balanceOf([f.escrow.address])).to.equal(AMOUNT - AMOUNT / 100n);
  });

  it("error: a zero deposit is rejected", async () => {
    const f = await escrowFixture();
    await expectRevert(f.as(f.client).deposit({ token: f.usdc.address, amount: 0n }), "TaskEscrowInvalidDeposit", [getAddress(f.usdc.address), 0n]);
  });

  it("funds from credit without touching the client's tokens; TaskFunded and terms are unchanged", async () => {
    const f = await withCredit();
    const tokensBefore = await f.balance(f.a(f.client));
    const escrowBefore = await f.balance(f.escrow.address);
    const bid = await fundedFromCredit(f);
    expect(await credit(f, f.a(f.client))).to.equal(2n * AMOUNT);
    expect(await f.balance(f.a(f.client))).to.equal(tokensBefore);
    expect(await f.balance(f.escrow.address)).to.equal(escrowBefore);
    const view = await f.as(f.worker).getTask(bid);
    expect(view.status).to.equal("Funded");
    expect(view.terms.amount).to.equal(AMOUNT);
    expect(view.payoutsToCredit).to.deep.equal({ client: true, worker: false });
  });

  it("error: funding from credit needs enough credit, named in the error", async () => {
    const f = await withCredit(AMOUNT - 1n);
    const bid = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), fromCredit: true }), "TaskEscrowInsufficientCredit", [
      f.a(f.client),
      getAddress(f.usdc.address),
      AMOUNT - 1n,
      AMOUNT,
    ]);
    expect(await credit(f, f.a(f.client))).to.equal(AMOUNT - 1n);
  });

  it("error: funding from credit keeps every bid check (replay, signer, client)", async () => {
    const f = await withCredit();
    const bid = await fundedFromCredit(f);
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), fromCredit: true }), "TaskEscrowTaskExists", [bid.taskId, 1]);
    const forged = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: forged, signature: await f.sign(forged, f.stranger), fromCredit: true }), "TaskEscrowInvalidSignature", [
      forged.taskId,
      f.a(f.worker),
    ]);
    await expectRevert(f.as(f.stranger).fund({ bid: forged, signature: await f.sign(forged), fromCredit: true }), "TaskEscrowInsufficientCredit", [
      f.a(f.stranger),
      getAddress(f.usdc.address),
      0n,
      AMOUNT,
    ]);
  });

  it("pays a worker who submitted for credit into its credit; it withdraws the payout", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT, toCredit: true });
    expect(await f.as(f.client).payoutsToCredit(bid)).to.deep.equal({ client: false, worker: true });
    await f.as(f.client).release(bid);
    expect(await f.balance(f.a(f.worker))).to.equal(0n);
    expect(await credit(f, f.a(f.worker))).to.equal(AMOUNT - FEE);
    const view = await f.as(f.worker).getTask(bid);
    expect(view.settlement).to.deep.equal({ workerPayout: AMOUNT - FEE, fee: FEE, clientRefund: 0n });
    // The full-terms release credits the fee at once, credit task or not.
    expect(await credit(f, f.a(f.feeRecipient))).to.equal(FEE);
    expect(await f.as(f.stranger).pendingFee(bid)).to.equal(0n);
    await f.as(f.worker).withdraw({ token: f.usdc.address, to: f.a(f.worker) });
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
  });

  it("lets a worker fund its own sub-task from what it earned", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT, toCredit: true });
    await f.as(f.client).release(bid);
    const sub = await f.makeBid({ client: f.a(f.worker), worker: f.a(f.stranger), amount: AMOUNT - FEE });
    await f.as(f.worker).fund({ bid: sub, signature: await f.sign(sub, f.stranger), fromCredit: true });
    expect(await credit(f, f.a(f.worker))).to.equal(0n);
    expect((await f.as(f.stranger).getTask(sub)).terms.client).to.equal(f.a(f.worker));
  });

  it("returns refunds of a task funded from credit to the client's credit (refund, decline, cancel)", async () => {
    const f = await withCredit();
    const late = await fundedFromCredit(f);
    const declined = await fundedFromCredit(f);
    const cancelled = await fundedFromCredit(f);
    expect(await credit(f, f.a(f.client))).to.equal(0n);
    await f.as(f.worker).decline(declined);
    await f.as(f.worker).cancel(cancelled);
    await f.as(f.client).cancel(cancelled);
    await f.at(late.deadline + 1n);
    await f.as(f.stranger).refund(late);
    expect(await credit(f, f.a(f.client))).to.equal(3n * AMOUNT);
    expect(await f.balance(f.escrow.address)).to.equal(3n * AMOUNT);
  });

  it("splits a ruling between both credits when both opted in; the balance still covers every credit", async () => {
    const f = await withCredit(AMOUNT);
    const bid = await fundedFromCredit(f);
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT, toCredit: true });
    await f.as(f.client).dispute({ ...bid, reasonHash: REASON });
    await f.as(f.arbiter).rule({ ...bid, workerBps: 6_000 });
    const gross = (AMOUNT * 6_000n) / 10_000n;
    const fee = gross / 100n;
    expect(await credit(f, f.a(f.worker))).to.equal(gross - fee);
    expect(await credit(f, f.a(f.client))).to.equal(AMOUNT - gross);
    expect(await credit(f, f.a(f.feeRecipient))).to.equal(fee);
    expect(await f.balance(f.escrow.address)).to.equal(AMOUNT);
  });

  it("error: the binding refuses a permit together with fromCredit", async () => {
    const f = await withCredit();
    const bid = await f.makeBid();
    const permit = { deadline: 1n, v: 27, r: bid.taskId, s: bid.taskId };
    const err = await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid), fromCredit: true, permit }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(EscrowTxError);
  });
});
