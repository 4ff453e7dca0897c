import { expect } from "chai";
import { network } from "hardhat";
import { describe, it } from "mocha";

// `./run node` and the multi-process mode run Hardhat's `node` network. Its clock must stay with
// the wall clock at many transactions a second: reviews carry the chain's time, and the indexer
// refuses a review stamped more than 5 minutes in the future (by its own clock).
describe("the local node's clock (hardhat node, network `node`)", function () {
  this.timeout(60_000);

  it("keeps block timestamps with the wall clock while mining a block per transaction, many a second", async () => {
    const { viem } = await network.create("node");
    const [wallet] = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const first = await publicClient.getBlock();
    for (let i = 0; i < 40; i++) await wallet!.sendTransaction({ to: wallet!.account.address, value: 1n });
    const last = await publicClient.getBlock();
    expect(Number(last.number - first.number), "blocks mined").to.equal(40);
    const ahead = Number(last.timestamp) - Math.floor(Date.now() / 1000);
    expect(ahead, "seconds the chain's clock is ahead of the wall clock").to.be.at.most(1);
  });
});
