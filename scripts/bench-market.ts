/**
 * Market allocation benchmark (issue #7): seeded simulation of 20 workers, one whitewasher and
 * 1,000 tasks per seed, five strategies on the same draws; the market asks at most 5 capable
 * agents per task. Prints JSON. Usage:
 *   npm run bench:market            # seeds 1-10
 *   SEEDS=1,2,3 npm run bench:market
 */
import { summariseSimulation } from "../agents/market/simulation.js";

const seeds = (process.env.SEEDS ?? "1,2,3,4,5,6,7,8,9,10").split(",").map((s) => Number(s.trim()));
const { runs, ...summary } = summariseSimulation(seeds);
// The same draws when the market asks every capable agent (no candidate selection): what whitewashing wins then.
const askingEveryone = summariseSimulation(seeds, { maxCandidates: Infinity });
const first = runs[0]!;
console.log(
  JSON.stringify(
    {
      summary,
      whitewashShareAskingEveryone: askingEveryone.whitewashShare,
      [`seed${first.config.seed}`]: { solicitations: first.solicitations, afterWarmup: Object.fromEntries(Object.entries(first.strategies).map(([k, v]) => [k, v.afterWarmup])) },
    },
    null,
    2,
  ),
);
