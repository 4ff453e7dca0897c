import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex, WalletClient } from "viem";
import { stopChild, type Child } from "../../agents/multi/processes.js";
import { openMarket } from "./fixtures/openMarket.js";
import { haikuSpec, startPlainWorker } from "./fixtures/plainWorker.js";

describe("a worker written in plain JavaScript from docs/PROTOCOL.md (examples/plain-worker.mjs)", function () {
  this.timeout(240_000);

  const run = async (miss: boolean) => {
    const chain = await network.create();
    const om = await openMarket(chain, { workers: [], pollIntervalMs: 100, managerOptions: { bidWindowMs: 6_000 } });
    let child: Child | undefined;
    try {
      const [funder] = (await chain.viem.getWalletClients()) as unknown as WalletClient[];
      const plain = await startPlainWorker(om, { SKILLS: "haiku", PRICE: "3000000", ...(miss ? { MISS: "requiredTerm" } : {}) }, funder!);
      child = plain.child;
      const spec = await haikuSpec(om, miss ? "corner-cut" : "honest");
      const report = om.m.manager.outcome(spec.taskId as Hex);
      await om.m.manager.announce(spec);
      const done = await report;
      const record = om.m.manager.task(spec.taskId as Hex)!;
      return { om, plain, done, record, lines: child.lines, balance: await om.m.token.read.balanceOf([plain.wallet]) };
    } finally {
      if (child) await stopChild(child);
      await om.close();
    }
  };

  it("registers with fresh keys at run time, is asked, bids, wins and is paid for output that meets every criterion", async () => {
    const { plain, done, record, lines, balance } = await run(false);
    expect(done.outcome, lines.join("\n")).to.equal("released");
    expect(record.winner?.worker).to.equal(plain.wallet);
    expect(record.verdict?.checks.every((c) => c.passed), JSON.stringify(record.verdict)).to.equal(true);
    // Paid: its 3-token price minus the escrow's 1% fee.
    expect(balance).to.equal(2_970_000n);
    expect(lines.some((l) => /"event":"sent","type":"bid".*"accepted":true/.test(l))).to.equal(true);
    expect(lines.some((l) => /"event":"sent","type":"result","taskId":"[^"]+","via":"push","accepted":true/.test(l))).to.equal(true);
  });

  it("error: is disputed, and ruled below half, for output that leaves out a required term", async () => {
    const { plain, done, record, lines, balance } = await run(true);
    expect(record.winner?.worker).to.equal(plain.wallet);
    expect(record.verdict?.checks.filter((c) => !c.passed).map((c) => c.check), JSON.stringify(record.verdict)).to.deep.equal(["requiredTerm"]);
    expect(done.outcome, lines.join("\n")).to.equal("ruled");
    expect(balance < 1_500_000n, `paid ${balance}`).to.equal(true);
  });
});
