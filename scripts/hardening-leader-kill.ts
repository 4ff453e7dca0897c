// `npm run test:hardening:leader-kill` (DATABASE_URL or TEST_DATABASE_URL): test:hardening's
// leaderKillIngest scenario alone with its full counts (10,000 reviews, 5 kills of the leader).
import { FULL } from "../test/hardening/support/counts.js";
import { runLeaderKillIngest } from "../test/hardening/support/leaderKillIngest.js";

const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  console.error("test:hardening:leader-kill needs DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)");
  process.exit(2);
}
const started = Date.now();
const s = await runLeaderKillIngest({ databaseUrl, reviews: FULL.indexerKillReviews, kills: FULL.indexerKills, seed: 4, log: (line) => console.error(`[hardening] ${line}`) });
console.log(JSON.stringify({ ...s, wallSeconds: Math.round((Date.now() - started) / 1000) }));
process.exit(s.lost + s.duplicated + s.eventsLost + s.eventsDuplicated + s.doubleAnchors === 0 && s.rootsMatch && s.kills === FULL.indexerKills ? 0 : 1);
