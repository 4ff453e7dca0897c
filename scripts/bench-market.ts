/**
 * Market allocation benchmark (issue #7): seeded simulation of 20 workers and 1,000 tasks per
 * seed, five strategies on the same draws. Prints JSON. Usage:
 *   npm run bench:market            # seeds 1-10
 *   SEEDS=1,2,3 npm run bench:market
 */
import { summariseSimulation } from "../agents/market/simulation.js";

const seeds = (process.env.SEEDS ?? "1,2,3,4,5,6,7,8,9,10").split(",").map((s) => Number(s.trim()));
const { runs, ...summary } = summariseSimulation(seeds);
const first = runs[0]!;
console.log(
  JSON.stringify(
    {
      summary,
      [`seed${first.config.seed}`]: { solicitations: first.solicitations, afterWarmup: Object.fromEntries(Object.entries(first.strategies).map(([k, v]) => [k, v.afterWarmup])) },
    },
    null,
    2,
  ),
);
