// Entry point of `npm run test:hardening [-- --json] [-- --quick]`: every hardening scenario of
// issue #8 with full counts (test/hardening/support), printing the summary. The quick versions
// run as mocha tests inside `hardhat test`.
import { FULL, QUICK } from "../test/hardening/support/counts.js";
import { runAllHardening } from "../test/hardening/support/runAll.js";

const json = process.argv.includes("--json");
const counts = process.argv.includes("--quick") ? QUICK : FULL;
const log = (line: string) => console.error(`[hardening] ${line}`);
const summary = await runAllHardening(counts, log);
const { details, ...figures } = summary;
if ("met" in figures.load) {
  const l = figures.load;
  log(
    `load on PGlite (one process): ${l.perSecond} accepted/s of ${l.offeredPerSecond} offered, p99 ${l.p99Ms} ms, ${l.lost} lost: 1,000/s goal ${l.met ? "MET" : "MISSED"}; ` +
      `${l.cpuMsPerReview} ms of indexer CPU per review (one free core: at most ~${l.oneCoreCeilingPerSecond}/s); load average ${l.loadAverage.join(" → ")}`,
  );
}
if (json) console.log(JSON.stringify(figures));
else console.log(JSON.stringify({ ...figures, details }, null, 2));
const bad =
  figures.indexerKill.lost + figures.indexerKill.duplicated + figures.anchorKill.doubleAnchors + figures.agentKill.stranded +
  figures.httpFuzz.status5xx + figures.httpFuzz.crashes + figures.llmFaults.hangs + figures.hostile.fundsLost +
  ("lost" in figures.load ? figures.load.lost : 0) +
  ("lost" in figures.leaderKillIngest ? figures.leaderKillIngest.lost + figures.leaderKillIngest.duplicated + figures.leaderKillIngest.doubleAnchors + (figures.leaderKillIngest.rootsMatch ? 0 : 1) : 0) +
  ("postgres" in figures.indexerScale && "lost" in figures.indexerScale.postgres ? figures.indexerScale.postgres.lost + figures.indexerScale.postgres.duplicated : 0);
process.exit(bad === 0 && figures.indexerKill.rootMatches && figures.reorg.consistent ? 0 : 1);
