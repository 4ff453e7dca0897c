import { describe, it } from "mocha";
import { expect } from "chai";
import { runMultiProcess } from "../../agents/multi/runMultiProcess.js";

describe("multi-process mode", function () {
  this.timeout(240_000);

  it("runs hardhat node, deploy, indexer, dashboard, arbiter, workers and manager as processes; every task settles, is reviewed and shows on the dashboard; a team of worker processes wins a task only a team can do and each member is paid its share on chain", async () => {
    const r = await runMultiProcess({
      tasks: 3,
      // One more task needing three skills no single worker process holds: only a team can win it.
      teamTasks: 1,
      workers: 4,
      // Bidding closes as soon as every worker asked has bid; the longer window only covers a slow first answer on a loaded machine.
      managerArgs: ["--bid-window-ms", "10000"],
      dashboard: true,
      ...(process.env.TEST_DATABASE_URL ? { databaseUrl: process.env.TEST_DATABASE_URL } : {}),
    });
    expect(r.processes).to.include.members(["node", "deploy", "indexer", "manager", "arbiter", "ada", "bo", "cy", "dee"]);
    expect(r.unsettled).to.deep.equal([]);
    expect(r.settled).to.equal(4);
    expect(Object.values(r.outcomes).reduce((a, b) => a + (b ?? 0), 0)).to.equal(4);
    // Each settled task's client review of its worker reached the indexer over HTTP.
    expect(r.reviewsIndexed).to.be.at.least(r.settled);
    // Every process holds an ERC-8004 identity whose signed card the indexer checked and lists.
    expect(r.registered).to.have.members(["ada", "bo", "cy", "dee", "manager", "arbiter"]);
    expect(r.killed, "children SIGKILLed after SIGTERM").to.deep.equal([]);
    // `./run dashboard`, its own process on the same configuration, served the manager's announced
    // tasks (each with the bids it received), the deployed escrow and the indexer's registry.
    const d = r.dashboard!;
    expect(d.announced.map((t) => t.phase)).to.deep.equal(["awarded", "awarded", "awarded", "awarded"]);
    for (const t of d.announced) expect(t.bidsReceived).to.be.at.least(1);
    expect(d.escrowHasCode).to.equal(true);
    expect(d.agents).to.be.at.least(r.registered.length);

    // The team task: the deployment's TeamAccountFactory made one team wallet, of worker processes only (each signed
    // the team bid and the wallet's submit call with its own key, over A2A); after the release the lead distributed, so
    // the wallet is empty and, by the wallet's own TeamMemberPaid events, each member got exactly its share of what it
    // was paid, the rounding dust to the dust member.
    expect(r.teams).to.have.length(1);
    const team = r.teams![0]!;
    const workers = Object.values(r.workerAddresses);
    expect(team.members.length).to.be.at.least(2);
    for (const m of team.members) expect(workers).to.include(m.address);
    expect(team.balance).to.equal("0");
    const total = BigInt(team.distributed);
    expect(total > 0n).to.equal(true);
    const owed = team.members.map((m) => (total * BigInt(m.shareBps)) / 10_000n);
    const dust = total - owed.reduce((a, b) => a + b, 0n);
    expect(team.members.map((m) => BigInt(m.paid))).to.deep.equal(team.members.map((m, i) => owed[i]! + (m.address === team.dustMember ? dust : 0n)));
  });
});
