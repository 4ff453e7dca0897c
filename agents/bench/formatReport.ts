import type { ProofsApiSection } from "./proofsApi.js";
import type { ProofsProduction } from "./proofsProduction.js";
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
  // The indexer in production shape (issue #16 of the tracker's #18).
  acceptPerSecond: 1_000,
  acceptSeconds: 60,
  acceptP99Ms: 250,
  acceptApiProcesses: 2,
  proofsProductionRate: 2_000,
  proofsProductionReviews: 1_000_000,
  merkleLeaves: 10_000_000,
  merkleSeconds: 30,
  merklePeakRssMb: 4_096,
};

/** A measured rate counts as sustained at 99% of the rate offered (the window's first and last requests straddle its edges). */
const SUSTAINED = 0.99;

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
    merkleGoal(r.merkle),
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

/** The goal line of the streamed 10M-leaf Merkle row (absent from a --quick run). */
function merkleGoal(rows: BenchReport["merkle"]): string {
  const goal = `Goal ${GOALS.merkleLeaves.toLocaleString("en-US")} leaves: build + every proof ≤ ${GOALS.merkleSeconds} s, peak RSS ≤ ${GOALS.merklePeakRssMb} MB`;
  const x = rows.find((row) => row.leaves >= GOALS.merkleLeaves && row.streamed);
  if (!x) return `${goal}: not measured (no streamed row of that size in this run).`;
  const total = x.buildSeconds + x.allProofsSeconds;
  return `${goal}: time ${met(total <= GOALS.merkleSeconds)} (${Number(total.toFixed(2))} s), memory ${x.peakRssMb === undefined ? "not measured" : `${met(x.peakRssMb <= GOALS.merklePeakRssMb)} (${x.peakRssMb} MB)`}.`;
}

/** One backend of `indexerScale` (test/hardening/support/indexerScale.ts), or why it was not run. */
type ScaleRow = { perSecond: number; p99Ms: number; lost: number; duplicated: number; apiProcesses: number; cpuMsPerReview: number | null } | { skipped: string };

/** What the report reads of `endToEnd.networked` (agents/multi/networkedBench.ts, a program this one may not import). */
type NetworkedRow = {
  tasks: number;
  settled: number;
  seconds: number;
  tasksPerSecond: number;
  chainOnlyLifecyclesPerSecond: number;
  ratio: number;
  cpuMsPerTask: Record<string, number>;
  limitedBy: string;
  cores: number;
};

const fmt = (x: number, digits = 2): string => Number(x.toFixed(digits)).toLocaleString("en-US");

/**
 * The production-shape sections of the report (`npm run bench` runs them after {@link formatReport}'s):
 * review acceptance over API processes, one epoch closed from PostgreSQL, proofs from API
 * processes of their own, and the networked end-to-end run, each with its goal marked met or
 * missed and, where the host sets a bound, that bound (the proofs' floor, the cores' CPU for the
 * end-to-end rate). The raw figures follow each section as JSON. A --quick run's loads are too
 * small to judge: its goals read "not judged".
 *
 * @example
 * const md = formatReport(report) + formatProductionShape({ mode, indexerScale, closeEpoch, production, networked });
 */
export function formatProductionShape(o: {
  mode: "full" | "quick";
  indexerScale: { postgres: ScaleRow; pglite: ScaleRow };
  closeEpoch: unknown;
  production: ProofsProduction | { skipped: string };
  networked: NetworkedRow;
}): string {
  const judged = (line: string): string => (o.mode === "full" ? line : "not judged (--quick runs smaller loads)");
  const json = (x: unknown): string[] => ["```json", JSON.stringify(x), "```"];
  const scaleRows = (["postgres", "pglite"] as const).map((k) => {
    const x = o.indexerScale[k];
    return "skipped" in x ? [k, x.skipped, null, null, null, null, null] : [k, x.apiProcesses, x.perSecond, x.p99Ms, x.lost, x.duplicated, x.cpuMsPerReview];
  });
  const pg = o.indexerScale.postgres;
  const lite = o.indexerScale.pglite;
  const sustained = (x: { perSecond: number }) => x.perSecond >= SUSTAINED * GOALS.acceptPerSecond;
  const p = o.production;
  const n = o.networked;
  const cpuPerTask = Object.values(n.cpuMsPerTask).reduce((a, b) => a + b, 0);
  const ceiling = cpuPerTask > 0 ? (n.cores * 1_000) / cpuPerTask : 0;
  return [
    "## indexerScale (POST /reviews, open loop)",
    "",
    table(["database", "API processes", "accepted/s", "p99 ms", "lost", "duplicated", "CPU ms per review (API)"], scaleRows),
    "",
    `Goal PostgreSQL, ${GOALS.acceptApiProcesses} API processes: ≥ ${fmt(GOALS.acceptPerSecond)} reviews/s for ${GOALS.acceptSeconds} s (sustained: ≥ ${SUSTAINED * 100}% of the rate offered), p99 ≤ ${GOALS.acceptP99Ms} ms, 0 lost, 0 duplicated: ` +
      ("skipped" in pg ? "not measured (no database URL)." : judged(`rate ${met(sustained(pg) && pg.apiProcesses >= GOALS.acceptApiProcesses)} (${fmt(pg.perSecond)}/s), p99 ${met(pg.p99Ms <= GOALS.acceptP99Ms)} (${fmt(pg.p99Ms)} ms), lost and duplicated ${met(pg.lost === 0 && pg.duplicated === 0)} (${pg.lost}, ${pg.duplicated}).`)),
    `Goal PGlite (the load scenario of \`test:hardening\`): ≥ ${fmt(GOALS.acceptPerSecond)} reviews/s, 0 lost, 0 duplicated: ` +
      ("skipped" in lite ? "not measured." : judged(`${met(sustained(lite) && lite.lost === 0 && lite.duplicated === 0)} (${fmt(lite.perSecond)}/s, ${lite.lost} lost, ${lite.duplicated} duplicated).`)),
    "",
    ...json(o.indexerScale),
    "",
    "## closeEpoch (one epoch built from PostgreSQL)",
    "",
    ...json(o.closeEpoch),
    "",
    "## proofsApi.production (GET /reviews/:id, indexer api processes on PostgreSQL, evenly paced)",
    "",
    ...("skipped" in p
      ? [`Not measured: ${p.skipped}.`]
      : [
          table(
            ["server", "offered req/s", "answered req/s", "p50 ms", "p99 ms", "reviews stored", "CPU ms per request (API)"],
            [
              [`indexer, ${p.apiProcesses} API processes`, p.targetRate, p.requestsPerSecond, p.p50Ms, p.p99Ms, p.reviewsStored, p.apiCpuMsPerRequest],
              ["floor: a do-nothing server, same load", p.targetRate, null, p.floor.p50Ms, p.floor.p99Ms, null, null],
            ],
          ),
          "",
          `A 1 ms timer in an idle thread fired ${p.timerLatenessMs.p99Ms} ms late at p99 during the load.`,
          `Goal p99 ≤ ${GOALS.proofsP99Ms} ms at ${fmt(GOALS.proofsProductionRate)} requests/s with ${fmt(GOALS.proofsProductionReviews)} reviews stored: ` +
            judged(
              `${met(p.p99Ms <= GOALS.proofsP99Ms && p.targetRate >= GOALS.proofsProductionRate && p.requestsPerSecond >= SUSTAINED * p.targetRate && p.reviewsStored >= GOALS.proofsProductionReviews && p.errors === 0 && p.non2xx === 0)}` +
                (p.floor.p99Ms >= GOALS.proofsP99Ms
                  ? `; this host cannot show it: the floor's own p99 (${p.floor.p99Ms} ms) is at or above the goal.`
                  : `; the floor's p99 is ${p.floor.p99Ms} ms, so ${fmt(Math.max(0, p.p99Ms - p.floor.p99Ms))} ms of the p99 is the indexer's.`),
            ),
        ]),
    "",
    ...json(p),
    "",
    "## endToEnd.networked (agents as processes on A2A, hardhat node, indexer)",
    "",
    table(
      ["tasks settled", "seconds", "tasks/s", "chain-only lifecycles/s (warm)", "ratio", "CPU ms per task", "busiest component"],
      [[`${n.settled} of ${n.tasks}`, n.seconds, n.tasksPerSecond, n.chainOnlyLifecyclesPerSecond, n.ratio, fmt(cpuPerTask, 1), n.limitedBy]],
    ),
    "",
    table(["component", "CPU ms per task"], Object.entries(n.cpuMsPerTask).map(([k, v]) => [k, v])),
    "",
    `Goal ratio ≥ ${GOALS.endToEndRatio}: ${judged(met(n.ratio >= GOALS.endToEndRatio) + ".")}` +
      (ceiling > 0
        ? ` What limits it: ${fmt(cpuPerTask, 1)} ms of CPU per task on ${n.cores} cores allow at most ${fmt(ceiling)} tasks/s with every core busy, a ratio of ${fmt(ceiling / n.chainOnlyLifecyclesPerSecond)} against this run's chain-only rate; ${GOALS.endToEndRatio} would need at most ${fmt((n.cores * 1_000) / (GOALS.endToEndRatio * n.chainOnlyLifecyclesPerSecond), 0)} ms per task here.`
        : ""),
    "",
    ...json(n),
    "",
  ].join("\n");
}
