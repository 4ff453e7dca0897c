import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { parseSignature } from "viem";

describe("MockUSDC", () => {
  it("has 6 decimals and lets a holder approve by EIP-2612 permit", async () => {
    const { viem } = await network.create();
    const [owner, spender] = await viem.getWalletClients();
    const token = await viem.deployContract("MockUSDC");
    expect(await token.read.decimals()).to.equal(6);

    const publicClient = await viem.getPublicClient();
    const chainId = await publicClient.getChainId();
    const deadline = 2n ** 40n;
    const value = 5_000_000n;
    const signature = await owner!.signTypedData({
      domain: { name: "Mock USD Coin", version: "1", chainId, verifyingContract: token.address },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: owner!.account.address, spender: spender!.account.address, value, nonce: 0n, deadline },
    });
    const { v, r, s } = parseSignature(signature);
    await token.write.permit([owner!.account.address, spender!.account.address, value, deadline, Number(v), r, s]);
    expect(await token.read.allowance([owner!.account.address, spender!.account.address])).to.equal(value);
  });
});
