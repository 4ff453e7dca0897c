import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import fc from "fast-check";
import { getAddress, hashTypedData, keccak256, stringToHex, toHex, type Hex } from "viem";
import { bidDigest, bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";

describe("EIP-712 Bid typed data", () => {
  it("hashes a bid in TypeScript exactly as TaskEscrow.bidDigest does", async () => {
    const { viem } = await network.create();
    const [owner, client, worker, arbiter] = await viem.getWalletClients();
    const escrow = await viem.deployContract("TaskEscrow", [owner!.account.address, owner!.account.address, 100]);
    const chainId = await (await viem.getPublicClient()).getChainId();
    const bid: BidTerms = {
      taskId: keccak256(stringToHex("digest")),
      specHash: keccak256(stringToHex("spec")),
      client: client!.account.address,
      worker: worker!.account.address,
      token: escrow.address,
      amount: 123_456_789n,
      arbiter: arbiter!.account.address,
      deadline: 1_900_000_000n,
      reviewPeriod: 600n,
      expiry: 1_800_000_000n,
      nonce: 2n ** 200n + 7n,
      claimedSuccessBps: 7_250,
    };
    const onChain = (await escrow.read.bidDigest([bid])) as Hex;
    expect(hashTypedData(bidTypedData(chainId, escrow.address, bid))).to.equal(onChain);
    expect(toHex(bidDigest(chainId, escrow.address, bid))).to.equal(onChain); // the cached digest the manager checks bids with
    // Domain binding: the same struct for another chain or another escrow hashes differently.
    expect(hashTypedData(bidTypedData(chainId + 1, escrow.address, bid))).to.not.equal(onChain);
    expect(hashTypedData(bidTypedData(chainId, arbiter!.account.address, bid))).to.not.equal(onChain);
    expect(await escrow.read.bidDigest([{ ...bid, nonce: bid.nonce + 1n }])).to.not.equal(onChain);
  });

  it("bidDigest (cached domain separator) equals viem's hashTypedData for any terms, and refuses what viem refuses", () => {
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => toHex(b));
    const addr = hex(20).map((h) => getAddress(h));
    const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
    const terms = fc.record({ taskId: hex(32), specHash: hex(32), client: addr, worker: addr, token: addr, amount: uint(256), arbiter: addr, deadline: uint(64), reviewPeriod: uint(64), expiry: uint(64), nonce: uint(256), claimedSuccessBps: fc.integer({ min: 0, max: 65_535 }) });
    fc.assert(
      fc.property(terms, fc.integer({ min: 1, max: 2 ** 40 }), addr, (bid, chainId, escrow) => {
        expect(toHex(bidDigest(chainId, escrow, bid))).to.equal(hashTypedData(bidTypedData(chainId, escrow, bid)));
      }),
      { numRuns: 150 },
    );
    const bid = fc.sample(terms, { numRuns: 1, seed: 3 })[0]!;
    for (const bad of [{ claimedSuccessBps: 65_536 }, { deadline: 1n << 64n }, { amount: -1n }]) {
      expect(() => bidDigest(31_337, bid.token, { ...bid, ...bad })).to.throw(RangeError);
      expect(() => hashTypedData(bidTypedData(31_337, bid.token, { ...bid, ...bad }))).to.throw();
    }
  });
});
