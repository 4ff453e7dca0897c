import type { ProofsApiSection } from "./proofsApi.js";
import type { BenchReport } from "./runBench.js";
import { formatA2A } from "./a2aBench.js";

const GOALS = {
  allocationP99Ms: 5,
  endToEndRatio: 0.5,
  proofsP99Ms: 5,
  successVsOracle: 0.95,
  badHireReduction: 0.8,
  calibrationError: 0.05,
  whitewashShare: 0.05,
  collusionRecall: 0.9,
  collusionFpr: 0.05,
  juryPanel5Reduction: 0.4,
  teamsFormP99Ms: 50,
};

const met = (ok: boolean): string => (ok ? "met" : "**missed**");
const table = (head: string[], rows: (string | number | boolean | null)[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map((c) => String(c ?? "-")).join(" | ")} |`)].join("\n");

/**
 * The human-readable report (`bench/results.md` and the default stdout of `npm run bench`):
 * every figure of the JSON report, each goal marked met or missed, and the machine.
 *
 * @example
 * writeFileSync("bench/results.md", formatReport(await runBench({ mode: "full", createNetwork })));
 */
export function formatReport(r: BenchReport): string {
  const { gas, endToEnd: e, proofsApi: p, market: m } = r;
  const alloc1k = r.allocation.find((a) => a.bidders === 1_000);
  const c = m.collusion;
  return [
    `# Benchmarks (\`${r.meta.command}\`)`,
    "",
    `Measured ${r.meta.startedAt} in ${r.meta.seconds} s on ${r.meta.machine.cpu}, ${r.meta.machine.cores} cores, ${r.meta.machine.memoryGb} GB, ${r.meta.machine.os}, Node ${r.meta.machine.node} (1-min load average at start: ${r.meta.machine.loadAverage}). Mode: ${r.meta.mode}.`,
    "",
    "## gas (receipt gasUsed)",
    "",
    table(["TaskEscrow path", "gas"], Object.entries(gas.escrow).map(([k, v]) => [k, v])),
    "",
    `ReputationAnchor: first anchor ${gas.anchor.firstAnchor}, then ${gas.anchor.anchor} per epoch.`,
    "",
    table(["reviews per epoch", "anchor gas per review"], gas.perAnchoredReview.map((x) => [x.reviewsPerEpoch, x.gas])),
    "",
    table(["JuryArbiter (5-juror case) / TeamAccount (3 members)", "gas"], [...Object.entries(gas.jury), ...Object.entries(gas.team)].map(([k, v]) => [k, v])),
    "",
    "## merkle (buildReviewTree vs @openzeppelin/merkle-tree)",
    "",
    table(
      ["leaves", "build s", "all proofs s", "OZ build s", "root matches OZ", "streamed, peak RSS MB"],
      r.merkle.map((x) => [x.leaves, x.buildSeconds, x.allProofsSeconds, x.ozBuildSeconds, x.rootMatchesOz, x.streamed ? (x.peakRssMb ?? null) : null]),
    ),
    "",
    "## allocation (capability filter + MarketAllocator.allocate per task)",
    "",
    table(["bidders", "rounds", "p50 ms", "p99 ms"], r.allocation.map((x) => [x.bidders, x.rounds, x.p50Ms, x.p99Ms])),
    "",
    `Goal p99 ≤ ${GOALS.allocationP99Ms} ms at 1,000 bidders: ${alloc1k ? met(alloc1k.p99Ms <= GOALS.allocationP99Ms) : "not measured"}.`,
    "",
    "## endToEnd (offline agents + indexer on the in-process network)",
    "",
    table(
      ["tasks", "workers", "bids per task", "seconds", "tasks/s", "chain-only lifecycles/s", "ratio", "reviews stored"],
      [[e.tasks, e.workers, e.bidsPerTask, e.seconds, e.tasksPerSecond, e.chainOnlyLifecyclesPerSecond, e.ratio, e.reviewsStored]],
    ),
    "",
    `Outcomes: ${JSON.stringify(e.outcomes)}. Goal ratio ≥ ${GOALS.endToEndRatio}: ${met(e.ratio >= GOALS.endToEndRatio)}.`,
    "",
    `## proofsApi (autocannon, GET /reviews/:id, ${p.reviewsStored} anchored reviews)`,
    "",
    table(
      ["load", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors"],
      [
        [`autocannon, ${p.fixedRate.targetRate} req/s quota per second`, p.fixedRate],
        [`evenly paced, ${p.pacedRate.targetRate} req/s`, p.pacedRate],
        ["autocannon, max rate", p.maxRate],
      ].map(([label, x]) => {
        const f = x as ProofsApiSection["maxRate"];
        return [label as string, f.requestsPerSecond, f.p50Ms, f.p99Ms, f.requests, f.non2xx, f.errors];
      }),
    ),
    "",
    "autocannon's rate limit sends each connection's quota for the second as one burst, so its fixed-rate p99 is mostly that burst's queue; the paced run sends the same rate evenly and measures each latency from the moment the request was due.",
    "",
    `Closing the epoch (tree, dataset, anchor tx): ${p.closeSeconds} s. Goal p99 ≤ ${GOALS.proofsP99Ms} ms at 1,000 req/s (evenly paced): ${met(p.pacedRate.p99Ms <= GOALS.proofsP99Ms && p.pacedRate.targetRate >= 1_000 && p.pacedRate.requestsPerSecond >= 0.95 * p.pacedRate.targetRate && p.pacedRate.non2xx === 0 && p.pacedRate.errors === 0)}.`,
    "",
    `## market (seed ${m.seed}: ${m.workers} workers, ${m.tasks} tasks; figures after the first ${m.warmup})`,
    "",
    table(
      ["strategy", "success rate", "total cost", "bad hires", "calibration error"],
      Object.entries(m.strategies).map(([k, v]) => [k, v.successRate, v.totalCost, v.badHires, v.calibrationError]),
    ),
    "",
    `Success vs oracle ${m.goals.successVsOracle} (goal ≥ ${GOALS.successVsOracle}: ${met(m.goals.successVsOracle >= GOALS.successVsOracle)}), ` +
      `bad hires vs round-robin −${(m.goals.badHireReduction * 100).toFixed(1)}% (goal ≥ 80%: ${met(m.goals.badHireReduction >= GOALS.badHireReduction)}), ` +
      `calibration error ${m.goals.calibrationError} (goal ≤ ${GOALS.calibrationError}: ${met(m.goals.calibrationError <= GOALS.calibrationError)}).`,
    "",
    `LLM bid solicitations: ${m.bidSolicitations.asked} asked (at most ${m.bidSolicitations.maxCandidates} per task), ${m.bidSolicitations.withFilter} capable, ${m.bidSolicitations.withoutFilter} without the capability filter.`,
    "",
    `Whitewashing (a bad worker re-registering under a new key after every failure, ${m.whitewashing.reRegistrations} times): ${(m.whitewashing.share * 100).toFixed(1)}% of the market's awards ` +
      `(goal ≤ ${GOALS.whitewashShare * 100}%: ${met(m.whitewashing.share <= GOALS.whitewashShare)}); ${(m.whitewashing.shareAskingEveryone * 100).toFixed(1)}% when every capable agent is asked.`,
    "",
    `Collusion (${c.colluding} ring members among ${c.subjects} subjects): recall ${c.recall}, false-positive rate ${c.falsePositiveRate} (goal ≥ ${GOALS.collusionRecall} at ≤ ${GOALS.collusionFpr}: ${met(c.met)}).`,
    "",
    table(["kind", "subjects", "flagged"], Object.entries(c.flaggedByKind).map(([k, v]) => [k, v.subjects, v.flagged])),
    "",
    ...juryAndTeams(r),
    ...formatA2A(r.a2a),
  ].join("\n");
}

function juryAndTeams(r: BenchReport): string[] {
  const { jury: j, teams: t } = r;
  return [
    `## jury (${j.disputes} simulated disputes, known true split; ${j.jurors.pool} jurors, bias sd ${j.jurors.biasSdBps} bps, noise sd ${j.jurors.noiseSdBps.join("-")} bps)`,
    "",
    table(["arbiter", "mean abs error (bps)"], [["single", j.single.meanAbsErrorBps], ...j.panels.map((p) => [`panel of ${p.size} (median)`, p.meanAbsErrorBps])]),
    "",
    `Panel of 5 vs single arbiter: −${(j.panel5Reduction * 100).toFixed(1)}% error (goal ≥ ${GOALS.juryPanel5Reduction * 100}%: ${met(j.panel5Reduction >= GOALS.juryPanel5Reduction)}).`,
    "",
    `## teams (${t.tasks} multi-skill tasks, ${t.candidates} candidates each)`,
    "",
    table(["strategy", "success rate", "total cost", "awards"], (["team", "bestSingle", "noAward"] as const).map((k) => [k, t[k].successRate, t[k].totalCost, t[k].awards])),
    "",
    `Form and value teams from ${t.candidates} candidates: p99 ${t.formP99Ms} ms (goal ≤ ${GOALS.teamsFormP99Ms} ms: ${met(t.formP99Ms <= GOALS.teamsFormP99Ms)}).`,
    "",
  ];
}
