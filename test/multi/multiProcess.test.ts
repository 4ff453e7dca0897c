import { describe, it } from "mocha";
import { expect } from "chai";
import { runMultiProcess } from "../../agents/multi/runMultiProcess.js";

describe("multi-process mode", function () {
  this.timeout(240_000);

  it("runs hardhat node, deploy, indexer, dashboard, arbiter, workers and manager as processes; every task settles, is reviewed and shows on the dashboard", async () => {
    const r = await runMultiProcess({
      tasks: 3,
      workers: 4,
      dashboard: true,
      ...(process.env.TEST_DATABASE_URL ? { databaseUrl: process.env.TEST_DATABASE_URL } : {}),
    });
    expect(r.processes).to.include.members(["node", "deploy", "indexer", "manager", "arbiter", "ada", "bo", "cy", "dee"]);
    expect(r.unsettled).to.deep.equal([]);
    expect(r.settled).to.equal(3);
    expect(Object.values(r.outcomes).reduce((a, b) => a + (b ?? 0), 0)).to.equal(3);
    // Each settled task's client review of its worker reached the indexer over HTTP.
    expect(r.reviewsIndexed).to.be.at.least(r.settled);
    // Every process holds an ERC-8004 identity whose signed card the indexer checked and lists.
    expect(r.registered).to.have.members(["ada", "bo", "cy", "dee", "manager", "arbiter"]);
    expect(r.killed, "children SIGKILLed after SIGTERM").to.deep.equal([]);
    // `./run dashboard`, its own process on the same configuration, served the manager's announced
    // tasks (each with the bids it received), the deployed escrow and the indexer's registry.
    const d = r.dashboard!;
    expect(d.announced.map((t) => t.phase)).to.deep.equal(["awarded", "awarded", "awarded"]);
    for (const t of d.announced) expect(t.bidsReceived).to.be.at.least(1);
    expect(d.escrowHasCode).to.equal(true);
    expect(d.agents).to.be.at.least(r.registered.length);
  });
});
