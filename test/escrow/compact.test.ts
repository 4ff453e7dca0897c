import { describe, it } from "mocha";
import { expect } from "chai";
import { encodeAbiParameters, encodeFunctionData, getAddress, hexToBigInt, keccak256, parseEventLogs } from "viem";
import { taskEscrowAbi } from "../../agents/chain/escrow.js";
import { coldTermsHash, hotTerms } from "../../agents/chain/escrowTerms.js";
import { AMOUNT, RESULT, escrowFixture, expectRevert } from "./fixture.js";

const FEE = AMOUNT / 100n;
const HASH_MASK = ((1n << 256n) - 1n) ^ ((1n << 48n) - 1n);

describe("TaskEscrow compact terms (hot terms + cold hash)", () => {
  it("computes the same commitment in TypeScript as the contract's hashTerms", async () => {
    const f = await escrowFixture();
    const bid = await f.funded({}, f.a(f.referrer));
    const terms = await f.as(f.client).getTerms(bid);
    const h = hotTerms(terms);
    const root = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" },
          { type: "uint64" }, { type: "uint64" }, { type: "uint16" }, { type: "bytes32" },
        ],
        [bid.taskId, h.client, h.worker, h.token, h.amount, h.deadline, h.reviewPeriod, h.feeBps, coldTermsHash(terms)],
      ),
    );
    const [, , stored] = await f.escrow.read.taskState([bid.client, bid.taskId]);
    expect(await f.escrow.read.hashTerms([bid.taskId, terms])).to.equal(hexToBigInt(root) & HASH_MASK);
    expect(stored).to.equal(hexToBigInt(root) & HASH_MASK);
  });

  it("releaseCompact pays a transfer worker by transfer and defers the fee to collectFees", async () => {
    const f = await escrowFixture();
    const bid = await f.funded({}, f.a(f.referrer));
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    await f.as(f.client).release({ ...bid, compact: true });
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
    expect((await f.as(f.client).getTask(bid)).status).to.equal("Released");
    expect(await f.as(f.stranger).pendingFee(bid)).to.equal(FEE);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(0n);
    const { hash } = await f.as(f.stranger).collectFees({ tasks: [bid] });
    const receipt = await f.publicClient.getTransactionReceipt({ hash });
    const [collected] = parseEventLogs({ abi: taskEscrowAbi, eventName: "FeeCollected", logs: receipt.logs });
    expect(collected?.args).to.deep.equal({ taskId: bid.taskId, token: getAddress(f.usdc.address), fee: FEE });
    const referrerCut = (FEE * 1_500n) / 10_000n;
    expect(await f.escrow.read.creditOf([f.a(f.referrer), f.usdc.address])).to.equal(referrerCut);
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), f.usdc.address])).to.equal(FEE - referrerCut);
    expect(await f.balance(f.escrow.address)).to.equal(FEE);
  });

  it("releaseCompact with a zero fee leaves nothing to collect", async () => {
    const f = await escrowFixture();
    await f.escrow.write.setFeeBps([0], { account: f.owner.account! });
    const bid = await f.funded();
    await f.as(f.client).release({ ...bid, compact: true });
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT);
    await expectRevert(f.as(f.stranger).collectFees({ tasks: [bid] }), "TaskEscrowNoFeePending", [bid.taskId]);
  });

  it("error: releaseCompact checks status, caller and every hot and cold term", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    const terms = await f.as(f.client).getTerms(bid);
    const compact = (hot: ReturnType<typeof hotTerms>, cold: `0x${string}`, account = f.client.account!) =>
      f.escrow.write.releaseCompact([bid.taskId, hot, cold], { account });
    const { toEscrowErrorForTest: wrap } = await import("./wrap.js");
    const expectErr = (p: Promise<unknown>, name: string, args: readonly unknown[]) =>
      expectRevert(p.catch((e) => { throw wrap(e); }), name, args);
    await expectErr(compact({ ...hotTerms(terms), amount: AMOUNT * 2n }, coldTermsHash(terms)), "TaskEscrowTermsMismatch", [bid.taskId]);
    await expectErr(compact(hotTerms(terms), coldTermsHash({ ...terms, feeRecipient: f.a(f.client) })), "TaskEscrowTermsMismatch", [bid.taskId]);
    await expectErr(compact(hotTerms(terms), coldTermsHash(terms), f.worker.account!), "TaskEscrowUnauthorized", [bid.taskId, f.a(f.worker)]);
    await f.as(f.client).release({ ...bid, compact: true });
    await expectErr(compact(hotTerms(terms), coldTermsHash(terms)), "TaskEscrowWrongStatus", [bid.taskId, 4]);
  });

  it("error: submitForCredit checks status, caller, deadline and terms", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await expectRevert(f.as(f.stranger).submit({ ...bid, resultHash: RESULT, toCredit: true }), "TaskEscrowUnauthorized", [
      bid.taskId,
      f.a(f.stranger),
    ]);
    const terms = await f.as(f.client).getTerms(bid);
    const forged = f.escrow.write.submitForCredit([bid.taskId, { ...hotTerms(terms), deadline: terms.deadline + 1n }, coldTermsHash(terms), RESULT], {
      account: f.worker.account!,
    });
    const { toEscrowErrorForTest: wrap } = await import("./wrap.js");
    await expectRevert(forged.catch((e) => { throw wrap(e); }), "TaskEscrowTermsMismatch", [bid.taskId]);
    const twice = await f.funded();
    await f.as(f.worker).submit({ ...twice, resultHash: RESULT, toCredit: true });
    await expectRevert(f.as(f.worker).submit({ ...twice, resultHash: RESULT, toCredit: true }), "TaskEscrowWrongStatus", [twice.taskId, 2]);
    await f.at(bid.deadline + 1n);
    await expectRevert(f.as(f.worker).submit({ ...bid, resultHash: RESULT, toCredit: true }), "TaskEscrowTooLate", [
      bid.taskId,
      bid.deadline,
      bid.deadline + 1n,
    ]);
  });

  it("error: collectFees rejects length mismatches, forged terms and tasks without a deferred fee", async () => {
    const f = await escrowFixture();
    const open = await f.funded();
    const released = await f.funded();
    await f.as(f.client).release({ ...released, compact: true });
    const terms = await f.as(f.client).getTerms(released);
    const { toEscrowErrorForTest: wrap } = await import("./wrap.js");
    const direct = (ids: `0x${string}`[], ts: (typeof terms)[]) =>
      f.escrow.write.collectFees([ids, ts], { account: f.stranger.account! }).catch((e) => {
        throw wrap(e);
      });
    await expectRevert(direct([released.taskId], []), "TaskEscrowLengthMismatch", [1n, 0n]);
    await expectRevert(direct([released.taskId], [{ ...terms, feeRecipient: f.a(f.stranger) }]), "TaskEscrowTermsMismatch", [released.taskId]);
    await expectRevert(f.as(f.stranger).collectFees({ tasks: [open] }), "TaskEscrowNoFeePending", [open.taskId]);
    expect(await f.as(f.stranger).pendingFee(open)).to.equal(0n);
    // A default release credits its fee at once: nothing is left pending.
    const plain = await f.funded();
    await f.as(f.client).release(plain);
    expect(await f.as(f.stranger).pendingFee(plain)).to.equal(0n);
  });

  it("blocks re-entry during a releaseCompact transfer: the guard is set around the token call", async () => {
    const f = await escrowFixture();
    const token = await f.viem.deployContract("ReentrantToken");
    await token.write.mint([f.a(f.client), 10n * AMOUNT]);
    await token.write.approve([f.escrow.address, 10n * AMOUNT], { account: f.client.account! });
    const bid = await f.funded({ token: token.address });
    const terms = await f.as(f.client).getTerms(bid);
    // Without the guard this would succeed mid-payout: the word is already Released with its fee pending.
    const reenter = encodeFunctionData({ abi: taskEscrowAbi, functionName: "collectFees", args: [[bid.taskId], [terms]] });
    await token.write.arm([f.escrow.address, reenter, false]);
    await f.as(f.client).release({ ...bid, compact: true });
    expect(await token.read.attacks()).to.equal(1n);
    expect(await token.read.lastAttackSucceeded()).to.equal(false);
    expect(await token.read.balanceOf([f.a(f.worker)])).to.equal(AMOUNT - FEE);
    expect(await f.as(f.stranger).pendingFee(bid)).to.equal(FEE);
    await token.write.disarm();
    await f.as(f.stranger).collectFees({ tasks: [bid] });
    expect(await f.escrow.read.creditOf([f.a(f.feeRecipient), getAddress(token.address)])).to.equal(FEE);
    expect(await token.read.balanceOf([getAddress(f.escrow.address)])).to.equal(FEE);
  });
});
