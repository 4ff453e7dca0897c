import { describe, it } from "mocha";
import { expect } from "chai";
import { concat, getAddress, numberToHex, parseSignature, toHex } from "viem";
import { signBid } from "../../agents/chain/escrow.js";
import { escrowFixture, expectRevert } from "./fixture.js";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("TaskEscrow bid signatures", () => {
  it("error: a signature for another chain, contract, task or amount does not verify", async () => {
    const f = await escrowFixture();
    const other = await f.viem.deployContract("TaskEscrow", [f.a(f.owner), f.a(f.feeRecipient), 100]);
    const bid = await f.makeBid();
    const cases = [
      { name: "chain", sig: await signBid(f.worker, f.chainId + 1, f.escrow.address, bid), bid },
      { name: "contract", sig: await signBid(f.worker, f.chainId, other.address, bid), bid },
      { name: "task", sig: await f.sign(bid), bid: { ...bid, taskId: toHex(1n, { size: 32 }) } },
      { name: "amount", sig: await f.sign(bid), bid: { ...bid, amount: bid.amount + 1n } },
      { name: "spec", sig: await f.sign(bid), bid: { ...bid, specHash: toHex(2n, { size: 32 }) } },
      { name: "arbiter", sig: await f.sign(bid), bid: { ...bid, arbiter: f.a(f.client) } },
    ];
    for (const c of cases) {
      await expectRevert(f.as(f.client).fund(c.bid, c.sig), "TaskEscrowInvalidSignature", [c.bid.taskId, f.a(f.worker)]);
    }
  });

  it("error: a bid signed by someone other than the worker does not verify", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    await expectRevert(f.as(f.client).fund(bid, await f.sign(bid, f.stranger)), "TaskEscrowInvalidSignature", [
      bid.taskId,
      f.a(f.worker),
    ]);
  });

  it("error: the malleable twin (s' = n - s) and a truncated signature are rejected", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const { r, s, yParity } = parseSignature(await f.sign(bid));
    const twin = concat([r, numberToHex(SECP256K1_N - BigInt(s), { size: 32 }), yParity === 0 ? "0x1c" : "0x1b"]);
    await expectRevert(f.as(f.client).fund(bid, twin), "TaskEscrowInvalidSignature", [bid.taskId, f.a(f.worker)]);
    await expectRevert(f.as(f.client).fund(bid, concat([r, s])), "TaskEscrowInvalidSignature", [bid.taskId, f.a(f.worker)]);
  });

  it("error: a bid is used once; its nonce cannot fund another task", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await expectRevert(f.as(f.client).fund(bid, await f.sign(bid)), "TaskEscrowTaskExists", [bid.taskId, 1]);
    const sameNonce = { ...(await f.makeBid()), nonce: bid.nonce };
    await expectRevert(f.as(f.client).fund(sameNonce, await f.sign(sameNonce)), "TaskEscrowNonceUsed", [
      f.a(f.worker),
      bid.nonce,
    ]);
  });

  it("error: a cancelled nonce cannot be funded, nor cancelled twice", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const sig = await f.sign(bid);
    await f.as(f.worker).cancelNonce(bid.nonce);
    expect(await f.escrow.read.nonceUsed([f.a(f.worker), bid.nonce])).to.equal(true);
    await expectRevert(f.as(f.client).fund(bid, sig), "TaskEscrowNonceUsed", [f.a(f.worker), bid.nonce]);
    await expectRevert(f.as(f.worker).cancelNonce(bid.nonce), "TaskEscrowNonceUsed", [f.a(f.worker), bid.nonce]);
  });

  it("accepts an ERC-1271 smart-account worker and rejects a signature its owner did not make", async () => {
    const f = await escrowFixture();
    const wallet = await f.viem.deployContract("ERC1271Wallet", [f.a(f.worker)]);
    const bid = await f.makeBid({ worker: wallet.address });
    await expectRevert(f.as(f.client).fund(bid, await f.sign(bid, f.stranger)), "TaskEscrowInvalidSignature", [
      bid.taskId,
      getAddress(wallet.address),
    ]);
    await f.as(f.client).fund(bid, await f.sign(bid, f.worker));
    expect((await f.as(f.client).getTask(bid.taskId)).terms.worker).to.equal(getAddress(wallet.address));
  });

  it("exposes the digest the worker signs", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const { hashTypedData } = await import("viem");
    const { bidTypedData } = await import("../../agents/protocol/eip712.js");
    expect(await f.escrow.read.bidDigest([bid])).to.equal(hashTypedData(bidTypedData(f.chainId, f.escrow.address, bid)));
  });
});
