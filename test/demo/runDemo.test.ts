import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { parseDemoArgs } from "../../agents/demo/args.js";
import { runDemo } from "../../agents/demo/runDemo.js";
import { juryMedian } from "../../agents/bench/jury.js";
import { DEMO_OUTCOMES } from "../../agents/demo/metrics.js";
import { FORCED_FAULTS, planTasks } from "../../agents/demo/scenario.js";
import { simulatedWorkers } from "../../agents/llm/simulatedWorkers.js";

describe("runDemo", function () {
  this.timeout(120_000);

  it("runs every settlement path, anchors two epochs and verifies a review's proof both ways", async () => {
    const { viem, ignition, networkName, networkHelpers } = await network.create();
    const lines: string[] = [];
    const s = await runDemo(
      { viem, ignition, networkName, increaseTime: (t) => networkHelpers.time.increase(t) },
      parseDemoArgs(["--tasks", "6", "--workers", "4", "--seed", "3"]),
      (l) => lines.push(l),
    );
    expect(s.tasks.total).to.equal(6);
    expect(s.tasks.unawarded).to.equal(0);
    for (const outcome of DEMO_OUTCOMES) expect(s.tasks[outcome], outcome).to.be.at.least(1);
    expect(s.epochs.length).to.be.at.least(2);
    expect(s.epochs.every((e) => e.leafCount > 0 && /^0x[0-9a-f]{64}$/.test(e.root))).to.equal(true);
    expect(s.proofCheck).to.include({ offchain: true, onchain: true, facts: true });
    // Every payout to a worker shows up in exactly one worker's earnings.
    expect(s.workers.reduce((sum, w) => sum + BigInt(w.earnings), 0n)).to.equal(BigInt(s.amounts.paid));
    expect(BigInt(s.amounts.fees) > 0n, "fees were taken").to.equal(true);
    expect(s.metrics.successRate).to.be.closeTo((s.tasks.released + s.tasks["auto-released"]) / 6, 1e-3);
    expect(lines.some((l) => l.includes("anchored on-chain"))).to.equal(true);
    // The criteria result behind every verdict: in the summary (so in --json) and on the task's line.
    const judged = s.tasks.released + s.tasks.ruled + s.tasks["fallback-settled"];
    expect(s.verdicts).to.have.length(judged);
    expect(s.verdicts.every((v) => v.judge === "simulated machine-checks" && v.checks >= 7)).to.equal(true);
    expect(s.verdicts.filter((v) => v.score >= 0.7).length).to.equal(s.tasks.released);
    expect(s.verdicts.every((v) => (v.failed.length === 0) === (v.checksPassed === v.checks && v.score === 1))).to.equal(true);
    expect(s.verdicts.every((v) => v.failed.length === 0 || v.score <= 0.49)).to.equal(true);
    expect(lines.filter((l) => /^\[ *\d+\/6\] .* criteria \d+\/\d+( \([a-zA-Z, ]+\))? → \d\.\d\d$/.test(l))).to.have.length(judged);
    expect(JSON.parse(JSON.stringify(s)).verdicts).to.deep.equal(s.verdicts);
    // Every worker, the manager and the arbiter hold an ERC-8004 identity with a checked card.
    // (The team task's three specialists registered right after the workers, as #4 to #6.)
    expect(s.registry.map((r) => [r.name, r.agentId])).to.deep.equal([...s.workers.map((w, i) => [w.name, String(i)]), ["manager", "7"], ["arbiter", "8"]]);
    expect(s.workers.map((w) => w.agentId)).to.deep.equal(["0", "1", "2", "3"]);
    expect(s.registry.filter((r) => r.role === "worker").map((r) => r.wallet)).to.deep.equal(s.workers.map((w) => w.address));
    expect(lines.some((l) => /registry .*#0/.test(l))).to.equal(true);

    // One jury ruling: five juror agents committed and revealed; the escrow was ruled their median.
    const jury = s.jury!;
    expect(jury.status).to.equal("Ruled");
    expect(jury.jurorIds).to.have.length(5);
    expect(jury.votes).to.have.length(5);
    expect(jury.ruling).to.equal(juryMedian(jury.votes));
    expect([...jury.distances].sort((a, b) => a - b)).to.deep.equal(jury.votes.map((v) => Math.abs(v - jury.ruling)).sort((a, b) => a - b));
    expect(lines.some((l) => l.startsWith("jury: ") && l.includes("→ Ruled"))).to.equal(true);
    // One team task: awarded to a team wallet, released, every member paid exactly its share and credited with the review.
    const team = s.team!;
    // Three specialists, each the only holder of one of its skills: a three-member team, claiming no more than their claims' product allows.
    expect(team.members.length).to.equal(3);
    expect(team.claimBps).to.be.at.most(team.claimBoundBps);
    const payout = BigInt(team.payout);
    const owed = team.members.map((x) => (payout * BigInt(x.shareBps)) / 10_000n);
    const dust = payout - owed.reduce((a, b) => a + b, 0n);
    expect(team.members.map((x) => BigInt(x.paid))).to.deep.equal(owed.map((o, i) => o + (i === 0 ? dust : 0n)));
    expect(team.members.every((x) => x.reviewCredited)).to.equal(true);
  });
});

describe("demo plan", () => {
  it("places each forced fault exactly once and only requires skills some worker has", () => {
    const team = simulatedWorkers(6, 9);
    const plan = planTasks(30, 9, team);
    for (const f of FORCED_FAULTS) expect(plan.filter((t) => t.fault === f), f).to.have.length(1);
    const offered = new Set(team.flatMap((w) => w.profile.skills));
    expect(plan.every((t) => t.requiredSkills.every((s) => offered.has(s)))).to.equal(true);
    expect(planTasks(30, 9, team)).to.deep.equal(plan);
  });

  it("error: rejects unknown flags and too few tasks with a usage error", () => {
    expect(() => parseDemoArgs(["--tasks", "3"])).to.throw(/--tasks/);
    expect(() => parseDemoArgs(["--colour"])).to.throw(/colour/);
    expect(() => parseDemoArgs(["stray"])).to.throw(/unexpected argument/);
    expect(parseDemoArgs(["--tasks=30", "--json"])).to.deep.include({ tasks: 30, json: true, workers: 5 });
  });
});
