// `./run bench:close-epoch [reviews]` (DATABASE_URL or TEST_DATABASE_URL): closes one epoch of
// that many stored reviews (default 1,000,000) from PostgreSQL and prints its figures as JSON.
import { benchCloseEpoch } from "../agents/bench/closeEpochBench.js";

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const leaves = Number(process.argv[2] ?? 1_000_000);
if (!url) {
  console.error("bench:close-epoch needs DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)");
  process.exit(2);
}
if (!Number.isSafeInteger(leaves) || leaves < 1) {
  console.error(`review count ${process.argv[2]} is not a positive integer`);
  process.exit(2);
}
console.log(JSON.stringify(await benchCloseEpoch(url, leaves, (line) => console.error(line))));
