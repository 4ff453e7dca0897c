import { describe, it } from "mocha";
import { expect } from "chai";
import { concat, domainSeparator, encodeFunctionData, getAddress, keccak256, numberToHex, parseSignature, toHex, zeroAddress } from "viem";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packConfigBound, signBid, taskEscrowAbi } from "../../agents/chain/escrow.js";
import { bidDomain } from "../../agents/protocol/eip712.js";
import type { BidTerms } from "../../agents/protocol/eip712.js";
import { escrowFixture, expectRevert } from "./fixture.js";

/** The fixture escrow's settings (1% fee, 50/50 fallback, 3-day ruling window), accepted exactly. */
const BOUND = packConfigBound({ maxFeeBps: 100, fallbackWorkerBps: 5_000, maxRulingWindow: 259_200 });
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
      await expectRevert(f.as(f.client).fund({ bid: c.bid, signature: c.sig }), "TaskEscrowInvalidSignature", [c.bid.taskId, f.a(f.worker)]);
    }
  });

  it("error: a bid signed by someone other than the worker does not verify", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid, f.stranger) }), "TaskEscrowInvalidSignature", [
      bid.taskId,
      f.a(f.worker),
    ]);
  });

  it("error: the malleable twin (s' = n - s) and a truncated signature are rejected", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const { r, s, yParity } = parseSignature(await f.sign(bid));
    const twin = concat([r, numberToHex(SECP256K1_N - BigInt(s), { size: 32 }), yParity === 0 ? "0x1c" : "0x1b"]);
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: twin }), "TaskEscrowInvalidSignature", [bid.taskId, f.a(f.worker)]);
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: concat([r, s]) }), "TaskEscrowInvalidSignature", [bid.taskId, f.a(f.worker)]);
  });

  it("error: a bid is used once; its nonce only cancels, so one cancel blocks every bid carrying it", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }), "TaskEscrowTaskExists", [bid.taskId, 1]);
    // Funding does not consume the nonce: the worker's fresh signature for another task funds.
    const sameNonce = { ...(await f.makeBid()), nonce: bid.nonce };
    await f.as(f.client).fund({ bid: sameNonce, signature: await f.sign(sameNonce) });
    const third = { ...(await f.makeBid()), nonce: bid.nonce };
    const thirdSig = await f.sign(third);
    await f.as(f.worker).cancelNonce({ nonce: bid.nonce });
    await expectRevert(f.as(f.client).fund({ bid: third, signature: thirdSig }), "TaskEscrowNonceCancelled", [f.a(f.worker), bid.nonce]);
    await expectRevert(f.as(f.client).fund({ bid: sameNonce, signature: await f.sign(sameNonce) }), "TaskEscrowTaskExists", [sameNonce.taskId, 1]);
  });

  it("error: a cancelled nonce cannot be funded, nor cancelled twice", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const sig = await f.sign(bid);
    await f.as(f.worker).cancelNonce({ nonce: bid.nonce });
    expect(await f.escrow.read.nonceCancelled([f.a(f.worker), bid.nonce])).to.equal(true);
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: sig }), "TaskEscrowNonceCancelled", [f.a(f.worker), bid.nonce]);
    await expectRevert(f.as(f.worker).cancelNonce({ nonce: bid.nonce }), "TaskEscrowNonceCancelled", [f.a(f.worker), bid.nonce]);
  });

  it("accepts an ERC-1271 smart-account worker and rejects a signature its owner did not make", async () => {
    const f = await escrowFixture();
    const wallet = await f.viem.deployContract("ERC1271Wallet", [f.a(f.worker)]);
    const bid = await f.makeBid({ worker: wallet.address });
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: await f.sign(bid, f.stranger) }), "TaskEscrowInvalidSignature", [
      bid.taskId,
      getAddress(wallet.address),
    ]);
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid, f.worker) });
    expect((await f.as(f.client).getTask(bid)).terms.worker).to.equal(getAddress(wallet.address));
  });

  it("exposes the digest the worker signs", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const { hashTypedData } = await import("viem");
    const { bidTypedData } = await import("../../agents/protocol/eip712.js");
    expect(await f.escrow.read.bidDigest([bid])).to.equal(hashTypedData(bidTypedData(f.chainId, f.escrow.address, bid)));
  });
});

describe("TaskEscrow bid encoding", () => {
  it("error: dirty high bits in an arbiter or reviewPeriod word are rejected even if a smart-account worker accepts the digest", async () => {
    const f = await escrowFixture();
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await f.viem.deployContract("ERC1271Wallet", [owner.address]);
    const typehash = keccak256(
      toHex(
        "Bid(bytes32 taskId,bytes32 specHash,address client,address worker,address token,uint256 amount," +
          "address arbiter,uint64 deadline,uint64 reviewPeriod,uint64 expiry,uint256 nonce,uint16 claimedSuccessBps)",
      ),
    );
    const separator = domainSeparator({ domain: bidDomain(f.chainId, f.escrow.address) });
    // Signs whatever words are in the calldata, as a permissive smart account would accept them.
    const fundRaw = async (bid: BidTerms, dirtyWord?: number) => {
      const clean = encodeFunctionData({ abi: taskEscrowAbi, functionName: "fund", args: [bid, "0x", zeroAddress, BOUND] });
      const words = Array.from({ length: 12 }, (_, i) => `0x${clean.slice(10 + 64 * i, 74 + 64 * i)}` as Hex);
      if (dirtyWord !== undefined) words[dirtyWord] = `0x01${words[dirtyWord]!.slice(4)}` as Hex;
      const digest = keccak256(concat(["0x1901", separator, keccak256(concat([typehash, ...words]))]));
      const signature = await owner.sign({ hash: digest });
      const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "fund", args: [bid, signature, zeroAddress, BOUND] });
      const patched = `0x${data.slice(2, 10)}${words.map((w) => w.slice(2)).join("")}${data.slice(10 + 64 * 12)}` as Hex;
      const hash = await f.client.sendTransaction({ account: f.client.account!, chain: f.client.chain, to: f.escrow.address, data: patched });
      return f.publicClient.waitForTransactionReceipt({ hash });
    };
    // The raw-digest signing path itself works for a clean bid ...
    const ok = await f.makeBid({ worker: wallet.address });
    expect((await fundRaw(ok)).status).to.equal("success");
    // ... and a dirty arbiter (word 6) or reviewPeriod (word 8) never commits.
    for (const word of [6, 8]) {
      const bid = await f.makeBid({ worker: wallet.address });
      const failed = await fundRaw(bid, word).then((r) => r.status, () => "reverted");
      expect(failed).to.equal("reverted");
      expect((await f.escrow.read.taskState([bid.client, bid.taskId]))[0]).to.equal(0);
    }
  });
});
