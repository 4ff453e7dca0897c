import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { InProcessTransport } from "../../agents/transport/InProcessTransport.js";
import type { Endpoint } from "../../agents/transport/Transport.js";
import type { LocalTransport } from "../../agents/wiring/localMarketConfig.js";
import { makeSpec, startMarket } from "../agents/fixtures/localMarket.js";
import { until } from "../mcp/mcpMarket.js";

/** The in-process network, except that every award message waits at `gate` before it is sent. */
function holdingAwards(gate: Promise<void>, held: Hex[]): (security: ConstructorParameters<typeof InProcessTransport>[0]) => LocalTransport {
  return (security) => {
    const net = new InProcessTransport(security);
    return {
      drained: () => net.drained(),
      observe: (fn) => net.observe(fn),
      close: () => net.close(),
      async connect(identity): Promise<Endpoint> {
        const e = await net.connect(identity);
        return {
          self: e.self,
          onMessage: (h) => e.onMessage(h),
          close: () => e.close(),
          async send(to, m) {
            if (m.type === "award") {
              held.push(m.taskId);
              await gate;
            }
            return e.send(to, m);
          },
        };
      },
    };
  };
}

describe("manager: award messages", function () {
  this.timeout(60_000);

  it("an award message still on its way holds up none of the manager's other tasks: the next task is funded meanwhile, and both complete once it arrives", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const held: Hex[] = [];
    const { m } = await startMarket(await network.create(), { transport: holdingAwards(gate, held) });
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
