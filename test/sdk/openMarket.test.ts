import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, stringToHex, type Hex, type WalletClient } from "viem";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import { starterCriteria } from "../../agents/protocol/criteria.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { stopChild, type Child } from "../../agents/multi/processes.js";
import { openMarket } from "./fixtures/openMarket.js";
import { haikuSpec, startPlainWorker } from "./fixtures/plainWorker.js";

const skilled = (name: string, skills: string[], seed: number) => ({
  profile: { agentId: name, skills, costPerStep: 100_000, maxSteps: 20 },
  llm: new SimulatedLlmClient({ workerId: name, seed, trueSuccessRate: 1, overconfidence: 1 }),
});

describe("open market over A2A: two managers, five built-in workers and an outsider's plain-JS worker", function () {
  // It hung in about one full-suite run in three (2026-12-01): a built-in worker's result raced its
  // award's A2A task being opened (transport/a2a/awardTasks.ts), was refused TRANSPORT_NO_TASK, and
  // the manager waited for a result that never came (9 min of chain time here). Fixed; a hang fails once, within
  // its own 80 s bound, and prints every task's state and each agent's last log lines.
  this.timeout(120_000);

  it("the outsider, registered at run time with a fresh key no configuration knows, is asked, bids, wins, delivers and is paid by both managers, whose every task settles", async () => {
    const chain = await network.create();
    const workers = [
      skilled("ada", ["summarise", "translate"], 1),
      skilled("bo", ["summarise", "code"], 2),
      skilled("cy", ["code", "audit"], 3),
      skilled("dee", ["translate", "research"], 4),
      skilled("eve", ["summarise", "code"], 5),
    ];
    const om = await openMarket(chain, { workers, extraManagers: 1, pollIntervalMs: 100, managerOptions: { bidWindowMs: 6_000 } });
    let child: Child | undefined;
    try {
      const [funder] = (await chain.viem.getWalletClients()) as unknown as WalletClient[];
      const plain = await startPlainWorker(om, { SKILLS: "haiku", PRICE: "3000000" }, funder!);
      child = plain.child;
      const now = Number((await om.m.publicClient.getBlock()).timestamp);
      const spec = (label: string, skills: string[]): TaskSpec => ({
        taskId: keccak256(stringToHex(label)) as Hex,
        title: `Task ${label}`,
        description: `Work item ${label}.`,
        requiredSkills: skills,
        preferredSkills: [],
        budget: "5000000",
        token: om.m.token.address,
        deadline: now + 3_600,
        reviewPeriod: 600,
        arbiter: om.m.accounts.arbiter,
        criteria: starterCriteria(skills),
      });
      const [m1, m2] = om.managers as [typeof om.m.manager, typeof om.m.manager];
      const plan: [typeof m1, TaskSpec][] = [
        [m1, await haikuSpec(om, "open-haiku-1")],
        [m1, spec("open-summarise", ["summarise"])],
        [m1, spec("open-translate", ["translate"])],
        [m2, await haikuSpec(om, "open-haiku-2")],
        [m2, spec("open-code", ["code"])],
        [m2, spec("open-audit", ["audit"])],
      ];
      const outcomes = plan.map(([mgr, s]) => mgr.outcome(s.taskId as Hex));
      for (const [mgr, s] of plan) await mgr.announce(s);
      // A bounded wait of our own (not mocha's timeout), so a hang still reaches `finally` and
      // closes the market and the child: otherwise their handles keep the test process alive.
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const records = plan.map(([mgr, s]) => {
            const r = mgr.task(s.taskId as Hex);
            return `${s.title}: ${JSON.stringify({ phase: r?.phase, finalized: r?.finalized, outcome: r?.outcome, bids: r?.bidsReceived, asked: r?.asked?.map((a) => a.agentId), winner: r?.winner?.agentId })}`;
          });
          reject(new Error(`no outcome within 80 s\n${records.join("\n")}\nplain worker:\n${child?.lines.slice(-20).join("\n")}\n${om.logTail(15)}`));
        }, 80_000);
      });
      const reports = await Promise.race([Promise.all(outcomes), hung]).finally(() => clearTimeout(timer));

      // Every task of both managers settles, released to a worker that met the criteria.
      expect(reports.map((r) => r.outcome), child.lines.slice(-20).join("\n")).to.deep.equal(plan.map(() => "released"));
      const haikus = plan.filter(([, s]) => s.requiredSkills[0] === "haiku");
      for (const [mgr, s] of haikus) {
        const record = mgr.task(s.taskId as Hex)!;
        expect(record.asked?.map((a) => a.agentId), "asked").to.include(plain.agentId);
        expect(record.winner?.worker, "winner").to.equal(plain.wallet);
      }
      // Paid by both managers: twice its 3-token price minus the 1% fee, in the demo token.
      expect(await om.m.token.read.balanceOf([plain.wallet])).to.equal(2n * 2_970_000n);
      // The other tasks went to the built-in workers, each found through the registry too.
      const others = plan.filter(([, s]) => s.requiredSkills[0] !== "haiku").map(([mgr, s]) => mgr.task(s.taskId as Hex)!.winner?.worker);
      expect(others.every((w) => w !== undefined && om.m.accounts.workers.includes(w))).to.equal(true);
      expect(child.lines.filter((l) => /"event":"sent","type":"result","taskId":"[^"]+","via":"push","accepted":true/.test(l))).to.have.lengthOf(2);
    } finally {
      if (child) await stopChild(child);
      await om.close();
    }
  });
});
