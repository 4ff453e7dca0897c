import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { HttpBoard } from "../../agents/transport/HttpBoard.js";
import { HttpTransport } from "../../agents/transport/HttpTransport.js";
import { aliceLlm, bobLlm, balances, fee, judgeLlm, makeSpec, profiles } from "./fixtures/localMarket.js";

describe("agents over the HTTP board", function () {
  this.timeout(30_000);

  it("a manager serving its board on loopback awards and pays a worker connected over HTTP", async () => {
    const chain = await network.create();
    let board: HttpBoard | undefined;
    const m = await createLocalMarket({
      chain,
      transport: async (security) => (board = await HttpBoard.start({ security })),
      workerTransport: (security) => new HttpTransport(board!.url, security),
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
      ],
      judge: judgeLlm,
      log: () => new RecordingLogger(),
    });
    try {
      expect(board!.subscribers).to.have.members(m.accounts.workers);
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
