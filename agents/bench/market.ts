import { reputation, SCORE_PARAMS } from "../indexer/scores.js";
import { DEFAULT_SIMULATION, evaluateCollusionDetection, makeReviewPopulation, runSimulation, type Strategy } from "../market/simulation.js";
import { sig } from "./stats.js";

export interface StrategyFigures {
  successRate: number;
  totalCost: number;
  badHires: number;
  calibrationError: number;
}

export interface MarketSection {
  seed: number;
  workers: number;
  tasks: number;
  /** Figures count tasks after the first `warmup` (the goals are stated after 200 tasks). */
  warmup: number;
  strategies: { market: StrategyFigures; roundRobin: StrategyFigures; greedySelfReport: StrategyFigures; random: StrategyFigures; oracle: StrategyFigures };
  goals: { successVsOracle: number; badHireReduction: number; calibrationError: number; whitewashShare: number; met: boolean };
  /** Capable agents (withFilter), every agent (withoutFilter), and whom the market asked: at most K per task. */
  bidSolicitations: { withFilter: number; withoutFilter: number; asked: number; maxCandidates: number };
  /**
   * A bad worker that re-registers under a new key after every failure: its share of the market's
   * awards with candidate selection (goal ≤ 5%) and, on the same draws, when every capable agent is asked.
   */
  whitewashing: { share: number; awards: number; reRegistrations: number; shareAskingEveryone: number };
  collusion: { subjects: number; colluding: number; recall: number; falsePositiveRate: number; met: boolean; flaggedByKind: Record<string, { subjects: number; flagged: number }> };
}

const NAMES: Record<keyof MarketSection["strategies"], Strategy> = {
  market: "market",
  roundRobin: "roundRobin",
  greedySelfReport: "greedy",
  random: "random",
  oracle: "oracle",
};

/**
 * The market section: the seeded simulation (20 workers with hidden truth and one whitewasher,
 * 1,000 tasks, five strategies on the same draws; the market asks at most K = 5 per task) and
 * the indexer's collusion signals on simulated review rings.
 *
 * @example
 * const market = benchMarket({ seed: 1 });
 */
export function benchMarket(opts: { seed?: number; tasks?: number; honest?: number; rings?: number } = {}): MarketSection {
  const seed = opts.seed ?? 1;
  const sim = runSimulation({ seed, ...(opts.tasks === undefined ? {} : { tasks: opts.tasks }) });
  const askAll = runSimulation({ seed, maxCandidates: Infinity, ...(opts.tasks === undefined ? {} : { tasks: opts.tasks }) });
  const strategies = Object.fromEntries(
    Object.entries(NAMES).map(([key, s]) => {
      const m = sim.strategies[s].afterWarmup;
      return [key, { successRate: sig(m.successRate, 4), totalCost: m.totalCost, badHires: m.badHires, calibrationError: sig(m.calibrationError, 3) }];
    }),
  ) as MarketSection["strategies"];
  const population = makeReviewPopulation({ seed, ...(opts.honest === undefined ? {} : { honest: opts.honest }), ...(opts.rings === undefined ? {} : { rings: opts.rings }) });
  const c = evaluateCollusionDetection((r, now, hired) => reputation(r, now, SCORE_PARAMS, hired), population);
  return {
    seed,
    workers: sim.config.workers,
    tasks: sim.config.tasks,
    warmup: sim.config.warmup,
    strategies,
    goals: {
      successVsOracle: sig(sim.goals.successVsOracle, 4),
      badHireReduction: sig(sim.goals.badHireReduction, 4),
      calibrationError: sig(sim.goals.calibrationError, 3),
      whitewashShare: sig(sim.goals.whitewashShare, 3),
      met: sim.goals.met,
    },
    bidSolicitations: { withFilter: sim.solicitations.withFilter, withoutFilter: sim.solicitations.withoutFilter, asked: sim.solicitations.asked, maxCandidates: DEFAULT_SIMULATION.maxCandidates },
    whitewashing: {
      share: sig(sim.whitewashing.share, 3),
      awards: sim.whitewashing.awards,
      reRegistrations: sim.whitewashing.reRegistrations,
      shareAskingEveryone: sig(askAll.whitewashing.share, 3),
    },
    collusion: {
      subjects: c.subjects,
      colluding: c.colluding,
      recall: sig(c.recall, 4),
      falsePositiveRate: sig(c.falsePositiveRate, 4),
      met: c.recall >= 0.9 && c.falsePositiveRate <= 0.05,
      flaggedByKind: c.flaggedByKind,
    },
  };
}
