// `./run bench:proofs-production [reviews] [rate] [seconds] [apiProcesses]` (default 1000000 2000 10 2;
// DATABASE_URL or TEST_DATABASE_URL): npm run bench's `proofsApi.production` row alone, as JSON on
// stdout, progress on stderr. PROOFS_BENCH_SCHEMA=bench_proofs_keep_<name> keeps the seeded,
// anchored schema, and a later run with the same name and size reuses it instead of seeding again
// (drop it with DROP SCHEMA … CASCADE when done). DATABASE_READ_URL (a streaming replica of the
// database, e.g. bash .ci/postgres-replica.sh's on port 5433): the API processes read there.
// Logic: agents/bench/proofsProduction.ts.
import { network } from "hardhat";
import { benchProofsProduction } from "../agents/bench/proofsProduction.js";

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const [reviews = 1_000_000, rate = 2_000, seconds = 10, apiProcesses = 2] = process.argv.slice(2).map(Number);
if (!url) {
  console.error("bench:proofs-production needs DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)");
  process.exit(2);
}
if (![reviews, rate, seconds, apiProcesses].every((n) => Number.isSafeInteger(n) && n > 0)) {
  console.error("usage: bench:proofs-production [reviews] [rate] [seconds] [apiProcesses], each a positive integer");
  process.exit(2);
}
const keepSchema = process.env.PROOFS_BENCH_SCHEMA;
const readUrl = process.env.DATABASE_READ_URL;
const production = await benchProofsProduction({
  chain: await network.create(),
  databaseUrl: url,
  reviews,
  rate,
  seconds,
  apiProcesses,
  ...(keepSchema ? { keepSchema } : {}),
  ...(readUrl ? { readUrl } : {}),
  log: (line) => console.error(line),
});
console.log(JSON.stringify({ proofsApi: { production } }));
process.exit(0);
