import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import type { LlmClient } from "../../agents/llm/types.js";
import { aliceLlm, bobLlm, makeSpec, profiles, startMarket } from "../agents/fixtures/localMarket.js";

describe("manager: the bid window", function () {
  this.timeout(60_000);

  it("closes as soon as every asked agent has bid: with a ten-minute window the task is awarded at once", async () => {
    const { m } = await startMarket(await network.create(), {
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
      ],
      managerOptions: { bidWindowMs: 600_000 },
    });
    try {
      const spec = await makeSpec(m, "window-early", ["summarise"]);
      await m.manager.announce(spec);
      // settle() waits for messages and queued work, never for a timer: only the early close can award here.
      await m.settle();
      const r = m.manager.task(spec.taskId as Hex)!;
      expect((r.asked ?? []).map((a) => a.agentId).sort()).to.deep.equal([m.idOf("alice"), m.idOf("bob")].sort());
      expect(r.bidsReceived).to.equal(2);
      expect(r.phase).to.not.equal("bidding");
    } finally {
      await m.close();
    }
  });

  it("waits out the window while an asked agent has not bid: one of two asked bids, the task stays open", async () => {
    // bob prices the task above its budget, so he sends no bid (a worker that refuses says nothing).
    const silent: LlmClient = {
      kind: "simulated",
      estimateBid: async (t, p) => ({ ...(await bobLlm.estimateBid(t, p)), estimatedCost: 1e12 }),
      execute: (t) => bobLlm.execute(t),
      judge: (t, o) => bobLlm.judge(t, o),
    };
    const { m } = await startMarket(await network.create(), {
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: silent },
      ],
      managerOptions: { bidWindowMs: 600_000 },
    });
    try {
      const spec = await makeSpec(m, "window-wait", ["summarise"]);
      await m.manager.announce(spec);
      await m.settle();
      const r = m.manager.task(spec.taskId as Hex)!;
      expect(r.bidsReceived).to.equal(1);
      expect(r.phase).to.equal("bidding");
    } finally {
      await m.close();
    }
  });
});
