import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { aliceLlm, bobLlm, makeSpec, profiles, startMarket } from "./fixtures/localMarket.js";

describe("agent reviews", function () {
  this.timeout(60_000);

  it("both parties sign reviews the indexer verifies, stores and anchors", async () => {
    const chain = await network.create();
    const { networkHelpers } = chain;
    const { m, logs } = await startMarket(chain, {
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
      ],
      indexer: { epochSeconds: 60 },
    });
    try {
      const alice = m.accounts.workers[0]!;
      const spec = await makeSpec(m, "reviewed", ["translate"]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      for (const [name, log] of logs) expect(log.warnings(), name).to.not.include("review not posted");
      const ofAlice = await m.indexer!.reputation(alice);
      const ofManager = await m.indexer!.reputation(m.accounts.manager);
      expect(ofAlice.count).to.equal(1);
      expect(ofAlice.mean).to.be.at.least(4);
      expect(ofManager.count).to.equal(1);
      expect(ofManager.mean).to.equal(5);

      await networkHelpers.time.increase(120);
      await networkHelpers.mine();
      await m.syncIndexerClock();
      const closed = await m.indexer!.closeDueEpochs();
      expect(closed.map((e) => e.status)).to.include("anchored");
      expect(closed.reduce((n, e) => n + Number(e.leafCount), 0)).to.equal(2);
    } finally {
      await m.close();
    }
  });
});
