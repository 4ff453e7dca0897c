// `./run bench:networked [tasks] [workers] [concurrency] [pollMs]` (default 100 5 20 1000): npm run bench's
// `endToEnd.networked` row alone, as JSON on stdout, progress on stderr. The indexer runs on
// PostgreSQL with DATABASE_URL or TEST_DATABASE_URL, else on PGlite. Logic: agents/multi/networkedBench.ts.
import { benchNetworked } from "../agents/multi/networkedBench.js";

const [tasks = 100, workers = 5, concurrency = 20, pollMs = 1_000] = process.argv.slice(2).map(Number);
if (![tasks, workers, concurrency, pollMs].every((n) => Number.isSafeInteger(n) && n > 0)) {
  console.error("usage: bench:networked [tasks] [workers] [concurrency] [pollMs], each a positive integer");
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const networked = await benchNetworked({ tasks, workers, concurrency, pollMs, ...(databaseUrl ? { databaseUrl } : {}), log: (line) => console.error(line) });
console.log(JSON.stringify({ endToEnd: { networked } }));
process.exit(0);
