// `npm run bench [-- --json] [-- --quick]`: every performance figure from one command (issue #7).
// Prints the report (markdown) or, with --json, exactly one JSON object on stdout; progress goes
// to stderr. The full run also writes bench/results.md. Logic lives in agents/bench/.
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import { formatProductionShape, formatReport } from "../agents/bench/formatReport.js";
import { runBench } from "../agents/bench/runBench.js";
import { benchCloseEpoch } from "../agents/bench/closeEpochBench.js";
import { benchProofsProduction } from "../agents/bench/proofsProduction.js";
import { benchNetworked } from "../agents/multi/networkedBench.js";
import { runIndexerScale } from "../test/hardening/support/indexerScale.js";

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => a !== "--json" && a !== "--quick");
if (unknown.length > 0) {
  console.error(`unknown option ${unknown.join(" ")}; usage: npm run bench -- [--json] [--quick]`);
  process.exit(2);
}
const mode = args.has("--quick") ? "quick" : "full";
const report = await runBench({ mode, createNetwork: () => network.create(), log: (line) => console.error(line) });
// Review acceptance in the production shape: indexer API processes as children on PostgreSQL
// (DATABASE_URL or TEST_DATABASE_URL) and on PGlite, driven by test:hardening's open-loop load.
const scale = await runIndexerScale({
  ...(mode === "full" ? { perSecond: 1_000, seconds: 60 } : { perSecond: 200, seconds: 3 }),
  databaseUrl: process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL,
  log: (line) => console.error(line),
});
const indexerScale = { postgres: scale.postgres, pglite: scale.pglite };
// Closing one epoch of stored reviews from PostgreSQL in bounded memory (cursor, streamed dataset).
const closeUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const closeEpoch = closeUrl ? await benchCloseEpoch({ url: closeUrl }, mode === "full" ? 1_000_000 : 10_000, (line) => console.error(line)) : null;
// Proofs in the production shape: 1,000,000 anchored reviews on PostgreSQL, `indexer api`
// processes of their own, the load generator in another process (see bench:proofs-production);
// with DATABASE_READ_URL (a streaming replica of that database) the API processes read there.
const readUrl = process.env.DATABASE_READ_URL;
const production = closeUrl
  ? await benchProofsProduction({
      chain: await network.create(),
      databaseUrl: closeUrl,
      ...(readUrl ? { readUrl } : {}),
      ...(mode === "full" ? { reviews: 1_000_000, rate: 2_000, seconds: 10 } : { reviews: 10_000, rate: 500, seconds: 3 }),
      log: (line) => console.error(line),
    })
  : { skipped: "no DATABASE_URL or TEST_DATABASE_URL" };
const proofsApi = { ...report.proofsApi, production };
// End to end in the networked shape: hardhat node, deploy, indexer (PostgreSQL when a URL is set),
// arbiter, workers and manager as OS processes on A2A, against chain-only lifecycles on the same node.
const networked = await benchNetworked({
  ...(mode === "full" ? { tasks: 100, workers: 5, concurrency: 20 } : { tasks: 6, workers: 3, concurrency: 6 }),
  ...(closeUrl ? { databaseUrl: closeUrl } : {}),
  log: (line) => console.error(line),
});
const endToEnd = { ...report.endToEnd, networked };
const markdown = `${formatReport(report)}\n${formatProductionShape({ mode, indexerScale, closeEpoch, production, networked })}`;
if (mode === "full") {
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.md", markdown);
  console.error("wrote bench/results.md");
}
console.log(args.has("--json") ? JSON.stringify({ ...report, endToEnd, proofsApi, indexerScale, closeEpoch }) : markdown);
// PGlite and autocannon leave handles behind; the report is out, so stop here.
process.exit(0);
