// Thin entry: `npm run bench:indexer-scale [-- <perSecond> <seconds> <apiProcesses> [postgres]]` (default
// 1000 60 2): the indexerScale figures of `npm run bench` alone, as JSON on stdout, progress on stderr.
// PostgreSQL from DATABASE_URL or TEST_DATABASE_URL (skipped without one); PGlite too unless the
// fourth argument is `postgres`.
import { runIndexerScale } from "../test/hardening/support/indexerScale.js";

const args = process.argv.slice(2);
const [perSecond = 1_000, seconds = 60, apiProcesses = 2] = args.slice(0, 3).map(Number);
const scale = await runIndexerScale({
  perSecond,
  seconds,
  apiProcesses,
  ...(args[3] === "postgres" ? { pglite: false as const } : {}),
  databaseUrl: process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL,
  log: (line) => console.error(line),
});
console.log(JSON.stringify({ indexerScale: { postgres: scale.postgres, pglite: scale.pglite }, details: scale.details }));
process.exit(0);
