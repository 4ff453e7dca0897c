import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { signPermit } from "../agents/chain/signPermit.js";

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
    const { v, r, s } = await signPermit(owner!, {
      chainId,
      token: { address: token.address, name: "Mock USD Coin" },
      spender: spender!.account.address,
      value,
      nonce: 0n,
      deadline,
    });
    await token.write.permit([owner!.account.address, spender!.account.address, value, deadline, v, r, s]);
    expect(await token.read.allowance([owner!.account.address, spender!.account.address])).to.equal(value);
  });
});
