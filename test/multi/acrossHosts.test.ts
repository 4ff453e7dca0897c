import { describe, it } from "mocha";
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { canUseNamespaces, planNamespaces, setUpNamespaces, tearDownNamespaces } from "../../agents/multi/netns.js";
import { namespacePlacement } from "../../agents/multi/placement.js";
import { runMultiProcess } from "../../agents/multi/runMultiProcess.js";

const namespaces = () => execFileSync("ip", ["netns", "list"]).toString();

describe("multi-process mode across hosts (network namespaces)", function () {
  this.timeout(420_000);

  it("chain and indexer, the manager, and the workers on three hosts joined by veth pairs find each other through the registry and settle every task", async function () {
    const can = await canUseNamespaces();
    if (!can.ok) {
      console.log(`      skipped: ${can.why}`);
      this.skip();
    }
    // Names and subnet unique to this run, so parallel runs on one machine do not collide.
    const tag = `${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.slice(-6);
    const plan = planNamespaces(tag, 1 + (process.pid % 200) + Math.floor(Math.random() * 50));
    await setUpNamespaces(plan);
    try {
      // Each host reaches the others only over its veth links: the manager dials the chain at
      // 10.x.1.1, the workers dial the chain at 10.x.2.1 and the manager's board at 10.x.3.2.
      expect(plan.address("workers", "manager")).to.match(/^10\.\d+\.3\.2$/);
      const r = await runMultiProcess({ tasks: 2, workers: 2, placement: namespacePlacement(plan) });
      expect(r.unsettled).to.deep.equal([]);
      expect(r.settled).to.equal(2);
      expect(r.registered).to.include.members(["ada", "bo", "manager", "arbiter"]);
      expect(r.reviewsIndexed).to.be.at.least(r.settled);
      expect(r.killed, "children SIGKILLed after SIGTERM").to.deep.equal([]);
    } finally {
      await tearDownNamespaces(plan);
    }
    expect(namespaces()).to.not.include(`am-${tag}-`);
  });
});
