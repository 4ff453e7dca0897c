import { expect } from "chai";
import { Hono } from "hono";
import { network } from "hardhat";
import { describe, it } from "mocha";
import type { Hex } from "viem";
import { announcedRoute } from "../../agents/http/announcedRoute.js";
import type { BidMessage, Message } from "../../agents/protocol/messages.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { aliceLlm, bobLlm, carolLlm, judgeLlm, makeSpec, profiles } from "../agents/fixtures/localMarket.js";

const KEYS = ["announcedAt", "bidsReceived", "client", "deadline", "phase", "requiredSkills", "taskId"];

describe("manager's announced tasks (GET /tasks)", function () {
  this.timeout(60_000);

  it("lists every announced task with how many bids it received, and never a bid's price, bidder or signature", async () => {
    const chain = await network.create();
    const m = await createLocalMarket({
      chain,
      workers: [
        { profile: profiles.alice, llm: aliceLlm },
        { profile: profiles.bob, llm: bobLlm },
        { profile: profiles.carol, llm: carolLlm },
      ],
      judge: judgeLlm,
      managerOptions: { bidWindowMs: 300 },
      log: () => new RecordingLogger(),
    });
    // Every delivered message kept aside through the network's wiretap (what the bidders really sent).
    const sent: Message[] = [];
    m.transport.observe!(({ message }) => sent.push(message));
    try {
      const both = await makeSpec(m, "status-both", ["summarise"]); // alice and bob can bid
      const nobody = await makeSpec(m, "status-nobody", ["juggling"]); // nobody can
      const chainNow = Number((await m.publicClient.getBlock()).timestamp);
      await m.manager.announce(both);
      await m.manager.announce(nobody);
      await new Promise((r) => setTimeout(r, 400));
      await m.settle();

      const app = new Hono();
      announcedRoute(app, "/tasks", () => ({ manager: m.manager.address, tasks: m.manager.announced() }));
      const res = await app.request("/tasks");
      expect(res.status).to.equal(200);
      const text = await res.text();
      const body = JSON.parse(text) as { manager: string; tasks: Record<string, unknown>[] };
      expect(body.manager).to.equal(m.manager.address);
      const bids = sent.filter((x): x is BidMessage => x.type === "bid" && x.taskId.toLowerCase() === both.taskId.toLowerCase());
      expect(bids.map((b) => b.agentId).sort()).to.deep.equal([m.idOf("alice"), m.idOf("bob")].sort());
      expect(body.tasks).to.have.length(2);
      expect(body.tasks[0]).to.deep.include({ taskId: both.taskId.toLowerCase(), client: m.accounts.manager, bidsReceived: bids.length, phase: "awarded", deadline: both.deadline });
      expect(body.tasks[0]!.announcedAt).to.be.within(chainNow, chainNow + 5);
      expect(body.tasks[1]).to.deep.include({ taskId: nobody.taskId.toLowerCase(), bidsReceived: 0, phase: "unawarded", requiredSkills: ["juggling"] });

      // Private data stays private: the manager holds the winner's signed terms, the endpoint shows none of it.
      const record = m.manager.task(both.taskId as Hex)!;
      expect(record.winner?.signature).to.match(/^0x[0-9a-f]+$/i);
      for (const t of body.tasks) expect(Object.keys(t).sort()).to.deep.equal(KEYS);
      const lower = text.toLowerCase();
      for (const b of bids) {
        for (const secret of [b.signature, b.terms.worker, b.terms.nonce, b.estimate.rationale]) expect(lower, `leaks ${secret}`).to.not.include(String(secret).toLowerCase());
        // A bidder's agent id is a short registry number: it must not appear as a value.
        expect(text, `leaks agent ${b.agentId}`).to.not.include(`"${b.agentId}"`);
        const prices = new Set([b.estimate.price, b.terms.amount].map(String));
        const values = body.tasks.flatMap((t) => Object.values(t).flat().map(String));
        expect(values.filter((v) => prices.has(v)), "a bid's price").to.deep.equal([]);
      }
      for (const secret of [both.description, both.budget, both.title]) expect(text).to.not.include(`"${secret}"`);
    } finally {
      await m.close();
    }
  });
});
