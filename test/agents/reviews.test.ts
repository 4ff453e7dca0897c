import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import type { ReviewSink } from "../../agents/runtime/ports.js";
import { aliceLlm, bobLlm, makeSpec, profiles, startMarket } from "./fixtures/localMarket.js";
import { until } from "../mcp/mcpMarket.js";

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

  it("a review waiting for the indexer holds up neither side's other tasks: the next task is bid on, awarded and settled meanwhile", async () => {
    const chain = await network.create();
    // An indexer that has not ingested the settlement yet: every review waits until the gate opens.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const posted: Hex[] = [];
    const reviews: ReviewSink = {
      async postReview({ fields }) {
        posted.push(fields.taskId);
        await gate;
      },
    };
    const { m } = await startMarket(chain, { workers: [{ profile: profiles.alice, llm: aliceLlm }], reviews });
    try {
      const first = await makeSpec(m, "reviewed-first", ["translate"]);
      const second = await makeSpec(m, "reviewed-second", ["translate"]);
      const outcomes = [m.manager.outcome(first.taskId as Hex), m.manager.outcome(second.taskId as Hex)];
      await m.manager.announce(first);
      // Both parties of the first task are posting their reviews, and neither post has returned.
      await until("both reviews of the first task", async () => (posted.length === 2 ? true : undefined));
      await m.manager.announce(second);
      // Before, each side's queue waited on its own review: the second task was never bid on.
      await until("the second task settled while the first task's reviews wait", async () => (m.manager.task(second.taskId as Hex)?.finalized ? true : undefined), 20_000);
      await until("both reviews of the second task", async () => (posted.length === 4 ? true : undefined));
      open();
      await m.settle();
      expect((await Promise.all(outcomes)).map((o) => o.outcome)).to.deep.equal(["released", "released"]);
      expect(posted.slice(2)).to.deep.equal([second.taskId, second.taskId]);
    } finally {
      open();
      await m.close();
    }
  });
});

