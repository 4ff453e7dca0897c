import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { hashTypedData, keccak256, stringToHex, type Hex } from "viem";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";

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
    // Domain binding: the same struct for another chain or another escrow hashes differently.
    expect(hashTypedData(bidTypedData(chainId + 1, escrow.address, bid))).to.not.equal(onChain);
    expect(hashTypedData(bidTypedData(chainId, arbiter!.account.address, bid))).to.not.equal(onChain);
    expect(await escrow.read.bidDigest([{ ...bid, nonce: bid.nonce + 1n }])).to.not.equal(onChain);
  });
});
