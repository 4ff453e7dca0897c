import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { holding } from "../agents/fixtures/holdingTransport.js";
import { makeSpec, startMarket } from "../agents/fixtures/localMarket.js";
import { until } from "../mcp/mcpMarket.js";

describe("manager: award messages", function () {
  this.timeout(60_000);

  it("an award message still on its way holds up none of the manager's other tasks: the next task is funded meanwhile, and both complete once it arrives", async () => {
    const { transport, held, open } = holding("award");
    const { m } = await startMarket(await network.create(), { transport });
    try {
      const first = await makeSpec(m, "award-first", ["translate"]);
      const second = await makeSpec(m, "award-second", ["translate"]);
      const outcomes = [m.manager.outcome(first.taskId as Hex), m.manager.outcome(second.taskId as Hex)];
      await m.manager.announce(first);
      await until("the first award on its way", async () => (held.length === 1 ? true : undefined));
      await m.manager.announce(second);
      // Before, the manager's queue waited for the first award's delivery: the second task's bids were never taken.
      await until("the second task funded while the first award is held", async () => (m.manager.task(second.taskId as Hex)?.phase === "awarded" ? true : undefined), 20_000);
      expect(held).to.deep.equal([first.taskId, second.taskId]);
      open();
      await m.settle();
      expect((await Promise.all(outcomes)).map((o) => o.outcome)).to.deep.equal(["released", "released"]);
    } finally {
      open();
      await m.close();
    }
  });
});
