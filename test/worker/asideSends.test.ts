import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { holding } from "../agents/fixtures/holdingTransport.js";
import { aliceLlm, makeSpec, profiles, startMarket } from "../agents/fixtures/localMarket.js";
import { until } from "../mcp/mcpMarket.js";

describe("worker: sends beside the queue", function () {
  this.timeout(60_000);

  it("a bid still on its way to the manager holds up no other announcement: the worker signs its next bid meanwhile", async () => {
    const { transport, held, open } = holding("bid");
    const { m } = await startMarket(await network.create(), { workers: [{ profile: profiles.alice, llm: aliceLlm }], transport });
    try {
      const [first, second] = [await makeSpec(m, "bid-first", ["translate"]), await makeSpec(m, "bid-second", ["translate"])];
      const outcomes = [m.manager.outcome(first.taskId as Hex), m.manager.outcome(second.taskId as Hex)];
      await m.manager.announce(first);
      await until("the first bid on its way", async () => (held.length === 1 ? true : undefined));
      await m.manager.announce(second);
      // Before, the worker's queue waited for the first bid's delivery: the second announcement was never priced.
      await until("the second bid signed while the first is held", async () => (m.workers[0]!.record(second.taskId as Hex)?.bid ? true : undefined), 20_000);
      expect(held).to.deep.equal([first.taskId, second.taskId]);
      open();
      await m.settle();
      expect((await Promise.all(outcomes)).map((o) => o.outcome)).to.deep.equal(["released", "released"]);
    } finally {
      open();
      await m.close();
    }
  });

  it("a result still on its way to the client holds up no other task: the worker bids on, wins and submits the next one meanwhile", async () => {
    const { transport, held, open } = holding("result");
    const { m } = await startMarket(await network.create(), { workers: [{ profile: profiles.alice, llm: aliceLlm }], transport });
    try {
      const [first, second] = [await makeSpec(m, "result-first", ["translate"]), await makeSpec(m, "result-second", ["translate"])];
      const outcomes = [m.manager.outcome(first.taskId as Hex), m.manager.outcome(second.taskId as Hex)];
      await m.manager.announce(first);
      await until("the first result on its way", async () => (held.length === 1 ? true : undefined));
      await m.manager.announce(second);
      // Before, the worker's queue waited for the first result's receipt: the second announcement was never bid on.
      await until("the second result on its way too", async () => (held.length === 2 ? true : undefined), 20_000);
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
