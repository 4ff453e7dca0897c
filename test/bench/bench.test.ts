import { expect } from "chai";
import { network } from "hardhat";
import { describe, it } from "mocha";
import { benchAllocation } from "../../agents/bench/allocation.js";
import { benchEndToEnd } from "../../agents/bench/endToEnd.js";
import { formatProductionShape, formatReport } from "../../agents/bench/formatReport.js";
import { benchGas, REVIEWS_PER_EPOCH } from "../../agents/bench/gas.js";
import { benchJury, juryMedian } from "../../agents/bench/jury.js";
import { benchTeams } from "../../agents/bench/teams.js";
import { benchA2A } from "../../agents/bench/a2aBench.js";
import { machine } from "../../agents/bench/machine.js";
import { benchMarket } from "../../agents/bench/market.js";
import { benchMerkleSection } from "../../agents/bench/merkle.js";
import { proofsSection, type BenchReport } from "../../agents/bench/runBench.js";

// Every section of `npm run bench` at tiny sizes: the JSON shape and the sanity of the figures,
// so the benchmark cannot rot silently. The goals themselves are judged by the bench, not here.
describe("npm run bench sections", function () {
  this.timeout(120_000);
  const report: Partial<BenchReport> = {};

  it("gas: escrow paths, anchor, and the anchor spread per review", async () => {
    const gas = (report.gas = await benchGas(await network.create()));
    expect(gas.escrow.happyPath).to.equal(gas.escrow.fund! + gas.escrow.submit! + gas.escrow.release!);
    expect(gas.anchor.anchor).to.be.greaterThan(21_000);
    expect(gas.perAnchoredReview.map((x) => x.reviewsPerEpoch)).to.deep.equal([...REVIEWS_PER_EPOCH]);
    expect(gas.perAnchoredReview[0]!.gas).to.be.closeTo(gas.anchor.anchor / 1_000, 1);
    // Each juror's step is one transaction with one stored write; execute pays the escrow's rule on top of the median.
    for (const step of [gas.jury.commit, gas.jury.reveal]) expect(step).to.be.within(21_000 + 20_000, 100_000);
    expect(gas.jury.execute).to.be.greaterThan(gas.escrow.disputeRuling!);
    expect(gas.team.distribute).to.be.greaterThan(21_000 + 3 * 5_000);
  });

  it("merkle: our root equals @openzeppelin/merkle-tree's; a streamed build reports its child process's peak RSS", async () => {
    const rows = (report.merkle = await benchMerkleSection([64, 300], [2_000]));
    expect(rows.map((r) => r.leaves)).to.deep.equal([64, 300, 2_000]);
    for (const r of rows.slice(0, 2)) expect(r.rootMatchesOz).to.equal(true);
    const streamed = rows[2]!;
    expect(streamed.streamed).to.equal(true);
    // A Node process holds tens of MB before any tree; far below that the figure would not be RSS.
    expect(streamed.peakRssMb).to.be.within(20, 1_000);
    expect(streamed.sourceSeconds).to.be.at.most(streamed.buildSeconds);
  });

  it("allocation: p50 ≤ p99 for each bidder count", () => {
    const rows = (report.allocation = benchAllocation([10, 200], { rounds: 30 }));
    expect(rows.map((r) => r.bidders)).to.deep.equal([10, 200]);
    for (const r of rows) {
      expect(r.p50Ms).to.be.greaterThan(0);
      expect(r.p99Ms).to.be.at.least(r.p50Ms);
    }
  });

  it("endToEnd: every task settles, both reviews reach the indexer, ratio > 0", async () => {
    const e = (report.endToEnd = await benchEndToEnd({ chain: await network.create(), tasks: 6, workers: 4, skills: 2 }));
    expect(e.tasks).to.equal(6);
    expect(Object.values(e.outcomes).reduce((a, b) => a + b, 0)).to.equal(6);
    expect(e.reviewsStored).to.equal(12);
    expect(e.tasksPerSecond).to.be.greaterThan(0);
    // Both chain-only passes ran (the second on new task ids): the warm-up and the timed one.
    expect(e.chainOnlyWarmUpLifecyclesPerSecond).to.be.greaterThan(0);
    expect(e.chainOnlyLifecyclesPerSecond).to.be.greaterThan(0);
    expect(e.ratio).to.be.closeTo(e.tasksPerSecond / e.chainOnlyLifecyclesPerSecond, 0.01);
  });

  it("proofsApi: every GET /reviews/:id answers 200 with a proof", async () => {
    const p = (report.proofsApi = await proofsSection(await network.create(), { reviews: 300, rate: 100, seconds: 1 }));
    expect(p.reviewsStored).to.equal(300);
    for (const load of [p.fixedRate, p.pacedRate, p.maxRate]) {
      expect(load.requests).to.be.greaterThan(0);
      expect(load.non2xx).to.equal(0);
      expect(load.errors).to.equal(0);
      expect(load.p99Ms).to.be.at.least(load.p50Ms);
    }
  });

  it("market: five strategies, solicitations and collusion figures in range", () => {
    const m = (report.market = benchMarket({ seed: 3, tasks: 300, honest: 60, rings: 5 }));
    expect(Object.keys(m.strategies)).to.deep.equal(["market", "roundRobin", "greedySelfReport", "random", "oracle"]);
    for (const s of Object.values(m.strategies)) {
      expect(s.successRate).to.be.within(0, 1);
      expect(s.badHires).to.be.at.least(0);
    }
    expect(m.strategies.oracle.calibrationError).to.equal(0);
    expect(m.bidSolicitations.withFilter).to.be.lessThan(m.bidSolicitations.withoutFilter);
    expect(m.bidSolicitations.asked).to.be.at.most(m.bidSolicitations.maxCandidates * m.tasks);
    expect(m.whitewashing.share).to.be.at.most(m.whitewashing.shareAskingEveryone);
    expect(m.collusion.recall).to.be.within(0, 1);
    expect(m.collusion.falsePositiveRate).to.be.within(0, 1);
  });

  it("jury: a panel's median errs less than a single arbiter, larger panels less still", () => {
    const j = (report.jury = benchJury({ seed: 2, disputes: 200 }));
    expect(j.disputes).to.equal(200);
    expect(j.panels.map((p) => p.size)).to.deep.equal([3, 5, 9]);
    expect(j.single.meanAbsErrorBps).to.be.greaterThan(0);
    expect(j.panels[0]!.meanAbsErrorBps).to.be.lessThan(j.single.meanAbsErrorBps);
    expect(j.panels[2]!.meanAbsErrorBps).to.be.lessThan(j.panels[0]!.meanAbsErrorBps);
    expect(j.panel5Reduction).to.be.closeTo(1 - j.panels[1]!.meanAbsErrorBps / j.single.meanAbsErrorBps, 0.01);
    expect(juryMedian([9_000, 1_000, 4_000, 6_500])).to.equal(5_250);
    // Jurors without any error rule the truth exactly.
    const exact = benchJury({ seed: 2, disputes: 50, biasSd: 0, noiseSd: [0, 0] });
    expect(exact.single.meanAbsErrorBps).to.equal(0);
    expect(exact.panels.every((p) => p.meanAbsErrorBps === 0)).to.equal(true);
  });

  it("teams: team awards succeed at least as often as the best single worker; no award never succeeds", () => {
    const t = (report.teams = benchTeams({ seed: 2, tasks: 60 }));
    expect(t.tasks).to.equal(60);
    expect(t.candidates).to.equal(10);
    expect(t.team.successRate).to.be.within(0, 1);
    expect(t.team.successRate).to.be.at.least(t.bestSingle.successRate);
    expect(t.team.awards).to.be.at.least(t.bestSingle.awards);
    expect(t.noAward).to.deep.equal({ successRate: 0, totalCost: 0, awards: 0 });
    expect(t.formP99Ms).to.be.greaterThan(0);
  });

  it("a2a: a signed round trip to a worker process and a fan-out to 5 worker processes with their bids back, each with p50 ≤ p99", async () => {
    const a = (report.a2a = await benchA2A({ rounds: 8, command: "test" }));
    for (const r of [a.roundTrip, a.fanOut5]) {
      expect(r.n).to.equal(8);
      expect(r.p50Ms).to.be.greaterThan(0);
      expect(r.p99Ms).to.be.at.least(r.p50Ms);
    }
    // Five bids back cannot come faster than the one receipt of a single message.
    expect(a.fanOut5.p50Ms).to.be.greaterThan(a.roundTrip.p50Ms);
    expect(a.envelopeCrypto.envelopes).to.equal(8);
    expect(a.envelopeCrypto.viemMs).to.be.greaterThan(0);
    expect(a.envelopeCrypto.sharedMs).to.be.greaterThan(0);
  });

  it("formats every section into the markdown report", () => {
    const md = formatReport({ ...(report as BenchReport), meta: { mode: "quick", command: "npm run bench -- --quick", machine: machine(), startedAt: "now", seconds: 1 } });
    for (const heading of ["## gas", "## merkle", "## allocation", "## endToEnd", "## proofsApi", "## market", "## jury", "## teams", "## a2a"]) expect(md).to.contain(heading);
    expect(md).to.contain("Collusion");
    // --quick streams no 10M-leaf tree: the goal says so instead of judging a smaller one.
    expect(md).to.contain("leaves: build + every proof ≤ 30 s, peak RSS ≤ 4096 MB: not measured");
    const streamed10M = { leaves: 10_000_000, buildSeconds: 28.8, allProofsSeconds: 3.72, ozBuildSeconds: null, rootMatchesOz: null, streamed: true as const, peakRssMb: 1_305 };
    const full = formatReport({ ...(report as BenchReport), merkle: [...report.merkle!, streamed10M], meta: { mode: "full", command: "npm run bench", machine: machine(), startedAt: "now", seconds: 1 } });
    expect(full).to.contain("time **missed** (32.52 s), memory met (1305 MB)");
  });
});

// The production-shape sections judge each goal of the indexer's issue from the figures alone, and
// name the host's own bound: a reader on another machine sees met or missed without doing sums.
describe("npm run bench production-shape goals", () => {
  const scale = (perSecond: number, p99Ms: number, lost = 0) => ({ perSecond, p99Ms, lost, duplicated: 0, apiProcesses: 2, cpuMsPerReview: 1 });
  const production = (p99Ms: number, floorP99Ms: number, requestsPerSecond = 1_999) => ({
    targetRate: 2_000, requestsPerSecond, p50Ms: 2, p99Ms, reviewsStored: 1_000_000, apiProcesses: 2, readReplica: false, requests: 20_000, non2xx: 0, errors: 0,
    seedSeconds: null, closeSeconds: null, apiCpuMsPerRequest: 0.5, cpuMsPerRequestBy: { apiProcesses: 0.5, postgresBackends: 0.15, loadGenerator: 0.1 }, loadAverage: [1, 1] as [number, number],
    floor: { p50Ms: 1, p99Ms: floorP99Ms, bodyBytes: 2_440, errors: 0 }, timerLatenessMs: { wakeUps: 10_000, p50Ms: 0.2, p99Ms: 3, maxMs: 10, over5Ms: 0 },
  });
  const networked = (ratio: number) => ({
    tasks: 100, settled: 100, seconds: 27, tasksPerSecond: 16 * ratio, chainOnlyLifecyclesPerSecond: 16, ratio, limitedBy: "workers", cores: 2,
    cpuMsPerTask: { workers: 150, manager: 100, chain: 70, indexer: 40, arbiter: 20, postgres: 20 },
  });
  const shape = (o: Partial<Parameters<typeof formatProductionShape>[0]> = {}) =>
    formatProductionShape({ mode: "full", indexerScale: { postgres: scale(999, 133), pglite: scale(994, 900) }, closeEpoch: null, production: production(4.2, 2.1), networked: networked(0.6), ...o });

  it("marks the goals met when the figures meet them, with the share of p99 that is the indexer's", () => {
    const md = shape();
    expect(md).to.contain("rate met (999/s), p99 met (133 ms), lost and duplicated met (0, 0)");
    expect(md).to.contain("≥ 1,000 reviews/s, 0 lost, 0 duplicated: met (994/s, 0 lost, 0 duplicated)");
    expect(md).to.contain("with 1,000,000 reviews stored: met; the floor's p99 is 2.1 ms, so 2.1 ms of the p99 is the indexer's");
    expect(md).to.contain("Goal ratio ≥ 0.5: met.");
    expect(md).not.to.contain("**missed**");
  });

  it("marks each missed part, says when the host's floor alone is above the proofs goal, and what CPU per task the ratio would need", () => {
    const md = shape({ indexerScale: { postgres: scale(950, 708), pglite: scale(994, 900, 1) }, production: production(24.9, 8.53), networked: networked(0.227) });
    expect(md).to.contain("rate **missed** (950/s), p99 **missed** (708 ms), lost and duplicated met (0, 0)");
    expect(md).to.contain("0 duplicated: **missed** (994/s, 1 lost, 0 duplicated)");
    expect(md).to.contain("reviews stored: **missed**; this host cannot show it: the floor's own p99 (8.53 ms) is at or above the goal");
    // 400 ms of CPU per task on 2 cores: 5 tasks/s at most, 0.31 of 16 chain-only lifecycles/s; 0.5 needs 250 ms.
    expect(md).to.contain("Goal ratio ≥ 0.5: **missed**. What limits it: 400 ms of CPU per task on 2 cores allow at most 5 tasks/s with every core busy, a ratio of 0.31");
    expect(md).to.contain("0.5 would need at most 250 ms per task here");
    // Under the goal but with requests left unanswered, the proofs goal is not met either.
    expect(shape({ production: production(4.2, 2.1, 1_500) })).to.contain("reviews stored: **missed**");
  });

  it("judges nothing in a --quick run, whose loads are too small", () => {
    const md = shape({ mode: "quick", networked: networked(0.1) });
    expect(md.match(/not judged/g)).to.have.length(4);
    expect(md).not.to.match(/: (met|\*\*missed\*\*)/);
  });
});
