import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Address, WalletClient } from "viem";
import { parseDemoArgs } from "../../agents/demo/args.js";
import { DEMO_OUTCOMES } from "../../agents/demo/metrics.js";
import { runDemo } from "../../agents/demo/runDemo.js";
import { Message } from "../../agents/protocol/messages.js";
import type { Observed } from "../../agents/transport/InProcessTransport.js";
import type { Delivery, Endpoint } from "../../agents/transport/Transport.js";

describe("private, addressed messaging (eavesdropper)", function () {
  this.timeout(180_000);

  it("a registered agent that is no party of any task hears nothing over a market run with every settlement path, and no worker sees another's bid", async () => {
    const { viem, ignition, networkName, networkHelpers } = await network.create();
    const delivered: Observed[] = [];
    const heard: Delivery[] = [];
    let outsider: Endpoint | undefined;
    let parties: { manager: Address; arbiter: Address; workers: Address[] } | undefined;
    const summary = await runDemo(
      { viem, ignition: ignition as never, networkName, increaseTime: (t) => networkHelpers.time.increase(t) },
      parseDemoArgs(["--tasks", "6", "--workers", "4", "--seed", "3"]),
      () => {},
      undefined,
      async (m) => {
        // Registered like anyone, on the same network, listening: only never a party (no task needs its skill, so it is never asked).
        const wallet = ((await viem.getWalletClients()) as unknown as WalletClient[])[15]!;
        const identity = await m.network.register({ name: "outsider", wallet, skills: ["juggling"], costPerStep: 1, maxSteps: 50 });
        outsider = await m.transport.connect(identity);
        outsider.onMessage((d) => heard.push(d));
        m.transport.observe!((o) => delivered.push(o));
        parties = { manager: m.accounts.manager, arbiter: m.accounts.arbiter, workers: m.accounts.workers };
      },
    );
    for (const outcome of DEMO_OUTCOMES) expect(summary.tasks[outcome], outcome).to.be.at.least(1);
    const types = new Set(delivered.map((d) => d.message.type));
    for (const t of ["announce", "bid", "award", "reject", "result", "evidence", "report"]) expect(types, `the run sent a ${t}`).to.include(t);

    // The outsider: nothing of any task, and nothing at all was addressed to it.
    const secret = heard.filter((d) => ["bid", "award", "reject", "result", "evidence"].includes(d.message.type));
    expect(secret).to.have.lengthOf(0);
    expect(heard).to.have.lengthOf(0);
    expect(delivered.filter((d) => d.to === outsider!.self.address)).to.have.lengthOf(0);

    // Each message reached exactly its party.
    const { manager, arbiter, workers } = parties!;
    for (const { to, from, message: m } of delivered) {
      switch (m.type) {
        case "bid":
          expect([to, from.address], "a bid goes from its worker to the manager only").to.deep.equal([manager, m.terms.worker]);
          break;
        case "award":
        case "reject":
          // A team is a contract: its award goes to its members' agents.
          if (summary.team && m.worker === summary.team.team) expect(summary.team.members.map((x) => x.address), "a team's award goes to its members").to.include(to);
          else expect(to, `${m.type} goes to its bidder only`).to.equal(m.worker);
          break;
        case "result":
          expect(to, "the result goes to the client only").to.equal(manager);
          break;
        case "evidence":
          // A jury task's arbiter is the JuryArbiter contract: its evidence goes to the seated jurors only.
          if (m.taskId === summary.jury!.taskId) expect(summary.jury!.panel, "jury evidence goes to the seated jurors only").to.include(to);
          else expect(to, "evidence goes to the arbiter only").to.equal(arbiter);
          break;
        case "announce":
          expect(workers, "announcements go to the asked workers").to.include(to);
          break;
        case "report":
          // The client's dispute report (its verdict record) goes with its evidence, on a jury's task to the seated jurors.
          if (m.taskId === summary.jury!.taskId && summary.jury!.panel.includes(to)) expect([from.address, m.outcome], "a juror's report is the client's dispute").to.deep.equal([manager, "disputed"]);
          else expect([manager, arbiter, ...workers]).to.include(to);
          break;
        default:
          expect([manager, arbiter, ...workers]).to.include(to);
      }
    }
    // No worker ever receives a bid, or another worker's price or bid signature inside anything else.
    const bids = delivered.flatMap((d) => (d.message.type === "bid" ? [d.message] : []));
    for (const { to, message } of delivered.filter((d) => workers.includes(d.to))) {
      expect(message.type).to.not.equal("bid");
      const text = JSON.stringify(Message.encode(message)); // what the wire carries (a bid's terms as decimal strings)
      for (const b of bids.filter((b) => b.terms.worker !== to)) {
        expect(text, "a competitor's bid signature").to.not.include(b.signature);
        expect(text, "a competitor's price").to.not.match(new RegExp(`"(price|amount)":"${b.estimate.price}"`));
      }
    }
  });
});
