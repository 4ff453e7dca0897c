import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address, Hex } from "viem";
import { juryMedian } from "../../agents/bench/jury.js";
import { balances, bobLlm, fee, labelWhere, makeSpec } from "../agents/fixtures/localMarket.js";
import { COMMIT, REVEAL, TRUTHS, juryMarket, sendEvidence, statusAbi } from "./juryFixture.js";
import { runMachineChecks } from "../../agents/protocol/machineChecks.js";
import { cappedScore } from "../../agents/protocol/verdict.js";

describe("juror agents", function () {
  this.timeout(60_000);

  it("a disputed task is settled by a 5-juror panel of agents over commit and reveal: the escrow pays their median", async () => {
    const f = await juryMarket();
    try {
      expect((await f.jury.read.pool()).length).to.equal(TRUTHS.length);
      const bob = f.m.accounts.workers[1]!;
      const spec = { ...(await makeSpec(f.m, labelWhere(bobLlm, "jury", false), ["code"])), arbiter: f.jury.address as Address };
      const before = await balances(f.m, [f.m.accounts.manager, bob]);
      const outcome = f.m.manager.outcome(spec.taskId as Hex);
      await f.m.manager.announce(spec);
      await f.m.settle();
      expect((await f.m.publicClient.readContract({ address: f.m.escrowAddress, abi: statusAbi, functionName: "taskState", args: [f.m.accounts.manager, spec.taskId as Hex] }))[0]).to.equal(3); // Disputed

      await f.tickJurors(); // one juror opens the case
      await f.networkHelpers.mine(1);
      await f.tickJurors(); // the panel is drawn; without evidence yet, nobody commits
      const caseId = (await f.jury.read.caseIdOf([f.m.accounts.manager, spec.taskId as Hex])) as Hex;
      const [, seated] = await f.jury.read.panelOf([caseId]);
      expect(seated).to.have.length(5);
      expect((await f.jury.read.caseOf([caseId])).commits).to.equal(0);
      await sendEvidence(f.m, spec, seated);
      await f.tickJurors(); // each seated juror judges the evidence and commits
      expect((await f.jury.read.caseOf([caseId])).commits).to.equal(5);
      const panel = f.jurors.filter((j) => seated.includes(j.address));
      const outsider = f.jurors.find((j) => !seated.includes(j.address))!;
      expect(outsider.vote(caseId)).to.equal(undefined);

      await f.networkHelpers.time.increase(COMMIT + 1);
      await f.tickJurors(); // reveals; once all five are in, anyone executes
      await f.m.tickAll();
      expect((await outcome).outcome).to.equal("ruled");

      // Each vote is the juror's own judge's reading of bob's delivered output, weighed with the machine checks.
      const output = (await bobLlm.execute(spec)).output;
      const votes = await Promise.all(
        panel.map(async (j) => {
          const score = (await f.judges[f.jurors.indexOf(j)]!.judge(spec, output)).score;
          // capped at 0.49 like every verdict when a machine check failed on the output
          expect(j.vote(caseId)!.workerBps).to.equal(Math.round(cappedScore(score, runMachineChecks(spec.criteria, output)) * 10_000));
          return j.vote(caseId)!.workerBps;
        }),
      );
      expect(new Set(votes).size, "jurors with different accuracy and bias disagree").to.be.greaterThan(1);
      const median = juryMedian(votes);
      expect([...(await f.jury.read.votesOf([caseId]))].sort()).to.deep.equal([...votes].sort());
      expect((await f.jury.read.caseOf([caseId])).ruling).to.equal(median);
      const amount = BigInt(f.m.manager.task(spec.taskId as Hex)!.winner!.terms.amount);
      const gross = (amount * BigInt(median)) / 10_000n;
      const after = await balances(f.m, [f.m.accounts.manager, bob]);
      expect(after[1]! - before[1]!).to.equal(gross - fee(gross));
      expect(before[0]! - after[0]!).to.equal(gross);
    } finally {
      await f.close();
    }
  });

  it("error: a seated juror that was sent no evidence abstains, and the others rule with a quorum after the reveal window", async () => {
    const f = await juryMarket(5, 1);
    try {
      const spec = { ...(await makeSpec(f.m, labelWhere(bobLlm, "jury-late", false), ["code"])), arbiter: f.jury.address as Address };
      await f.m.manager.announce(spec);
      await f.m.settle();
      await f.startLate(); // joins the pool after the announcement: no evidence
      const late = f.jurors[0]!;
      await f.tickJurors();
      await f.networkHelpers.mine(1);
      await f.tickJurors();
      const caseId = (await f.jury.read.caseIdOf([f.m.accounts.manager, spec.taskId as Hex])) as Hex;
      const [, seated] = await f.jury.read.panelOf([caseId]);
      expect(seated).to.include(late.address); // a pool of five seats everyone
      await sendEvidence(f.m, spec, seated.filter((a) => a !== late.address));
      await f.tickJurors();
      expect((await f.jury.read.caseOf([caseId])).commits).to.equal(4);
      expect(late.vote(caseId)).to.equal(undefined);
      await f.networkHelpers.time.increase(COMMIT + 1);
      await f.tickJurors();
      expect((await f.jury.read.caseOf([caseId])).status, "four of five revealed: wait for the window").to.equal(2);
      await f.networkHelpers.time.increase(REVEAL);
      await f.tickJurors();
      const c = await f.jury.read.caseOf([caseId]);
      expect(c.status).to.equal(3); // Ruled
      expect(c.reveals).to.equal(4);
      const [agentIds] = await f.jury.read.panelOf([caseId]);
      expect(await f.jury.read.missedReveals([agentIds[seated.indexOf(late.address)]!])).to.equal(1n);
    } finally {
      await f.close();
    }
  });
});
