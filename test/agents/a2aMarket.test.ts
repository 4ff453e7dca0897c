import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { A2ATransport } from "../../agents/transport/a2a/A2ATransport.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { aliceLlm, bobLlm, balances, fee, judgeLlm, makeSpec, profiles } from "./fixtures/localMarket.js";

describe("agents over A2A (each its own @a2a-js/sdk endpoint on loopback)", function () {
  this.timeout(30_000);

  it("a manager awards and pays a worker over A2A; the result reaches the manager as the award task's artifact", async () => {
    const chain = await network.create();
    const m = await createLocalMarket({
      chain,
      transport: (security) => new A2ATransport({ security }),
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
      ],
      judge: judgeLlm,
      log: () => new RecordingLogger(),
    });
    try {
      const spec = await makeSpec(m, "http", ["summarise"]);
      const before = await balances(m, m.accounts.workers);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      const report = await outcome;
      expect(report.outcome).to.equal("released");
      const amount = BigInt(m.manager.task(spec.taskId as Hex)!.winner!.terms.amount);
      const after = await balances(m, m.accounts.workers);
      const winner = m.accounts.workers.indexOf(report.worker as Hex);
      expect(winner).to.be.at.least(0);
      expect(after[winner]! - before[winner]!).to.equal(amount - fee(amount));
    } finally {
      await m.close();
    }
  });
});
