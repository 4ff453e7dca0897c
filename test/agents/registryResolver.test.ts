import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type PublicClient } from "viem";
import { registryResolver } from "../../agents/chain/registryResolver.js";

describe("registryResolver", () => {
  it("answers a burst of asks for one agent with one registry read, then reads again once the answer is ttlMs old", async () => {
    const { viem } = await network.create();
    const [owner] = await viem.getWalletClients();
    const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
    const registry = await viem.deployContract("IdentityRegistry", []);
    await registry.write.register();
    const id = 0n;
    const bound = await publicClient.readContract({ address: registry.address as Address, abi: registry.abi, functionName: "getAgentWallet", args: [id] });
    let reads = 0;
    const counted = { readContract: (args: never) => (reads++, publicClient.readContract(args)) } as unknown as PublicClient;
    let clock = 1_000;
    const resolver = registryResolver(counted, registry.address as Address, { ttlMs: 10_000, now: () => clock });
    const answers = await Promise.all(Array.from({ length: 6 }, () => resolver.walletOf(id)));
    expect(answers.map((a) => a && getAddress(a))).to.deep.equal(Array(6).fill(getAddress(bound)));
    expect(getAddress(bound)).to.equal(getAddress(owner!.account.address));
    // error: before, each of the six asks read the registry.
    expect(reads).to.equal(1);
    clock += 9_999;
    await resolver.walletOf(id);
    expect(reads).to.equal(1);
    clock += 1;
    await Promise.all([resolver.walletOf(id), resolver.walletOf(id)]);
    expect(reads).to.equal(2);
    // An id that does not exist reverts: no wallet, and that answer is kept too.
    expect(await Promise.all([resolver.walletOf(99n), resolver.walletOf(99n)])).to.deep.equal([undefined, undefined]);
    expect(reads).to.equal(3);
  });
});
