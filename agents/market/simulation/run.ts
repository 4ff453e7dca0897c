import { keyedUniform } from "../../random.js";
import type { MarketBid } from "../bid.js";
import { CapabilityRegistry } from "../registry.js";
import type { CapableAgent } from "../registry.js";
import { DEFAULT_SIMULATION, bidOf, makeTasks, makeWhitewashers, makeWorkers } from "./population.js";
import { SimMarket } from "./simMarket.js";
import type { SimTask, SimulationConfig } from "./population.js";

/**
 * A seeded market simulation (pure, deterministic): workers with hidden true skill bid on
 * tasks, and allocation strategies compete on the same draws (common random numbers: whether
 * worker w succeeds at task t is one keyed draw, whoever hires w).
 */

export const STRATEGIES = ["market", "roundRobin", "greedy", "random", "oracle"] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface StrategyMetrics {
  tasks: number;
  awards: number;
  /** Tasks nobody was hired for (no capable worker, or the market rejected every bid). */
  unassigned: number;
  successes: number;
  /** Realised success rate of the hires made: successes / awards. */
  successRate: number;
  /** successes / tasks: an unassigned task counts as not done. */
  completionRate: number;
  totalCost: number;
  badHires: number;
  /** Mean |success estimate the strategy acted on − hired worker's true rate|, over awards. */
  calibrationError: number;
}

export interface SimulationReport {
  config: { seed: number | string; workers: number; tasks: number; warmup: number };
  strategies: Record<Strategy, { all: StrategyMetrics; afterWarmup: StrategyMetrics }>;
  /** Bid requests: to every capable agent (withFilter), to every agent (withoutFilter), and what the market asked (at most K per task). */
  solicitations: { withFilter: number; withoutFilter: number; saved: number; asked: number };
  /** The whitewashers' record in the market strategy after warm-up: awards won and their share. */
  whitewashing: { whitewashers: number; reRegistrations: number; awards: number; share: number };
  goals: {
    /** market / oracle realised success rate after warm-up (goal ≥ 0.95). */
    successVsOracle: number;
    /** 1 − market bad hires / round-robin bad hires after warm-up (goal ≥ 0.80). */
    badHireReduction: number;
    /** market calibration error after warm-up (goal ≤ 0.05). */
    calibrationError: number;
    /** Whitewashers' share of the market's awards after warm-up (goal ≤ 0.05). */
    whitewashShare: number;
    met: boolean;
  };
}

interface Pick {
  bid: MarketBid;
  estimate: number;
}

/** Runs every strategy over the same workers, tasks and draws. */
export function runSimulation(overrides: Partial<SimulationConfig> = {}): SimulationReport {
  const config: SimulationConfig = { ...DEFAULT_SIMULATION, ...overrides };
  const whitewashers = makeWhitewashers(config);
  const workers = [...makeWorkers(config), ...whitewashers];
  const tasks = makeTasks(config);
  const byId = new Map(workers.map((w) => [w.agentId, w]));
  const registry = new CapabilityRegistry();
  for (const w of workers) registry.register({ agentId: w.agentId, skills: w.skills, costPerStep: w.costPerStep, maxSteps: 1_000 });

  const market = new SimMarket(config, whitewashers.map((w) => w.agentId));
  const washers = new Set(whitewashers.map((w) => w.agentId));
  let washedAwards = 0;
  let roundRobin = 0;

  const pickers: Record<Strategy, (t: SimTask, members: CapableAgent[], bids: MarketBid[]) => Pick | undefined> = {
    market: (t, members, bids) => market.pick(t, members, bids),
    roundRobin: (_t, _m, bids) => {
      const bid = bids[roundRobin++ % bids.length]!;
      return { bid, estimate: bid.claimedSuccess };
    },
    greedy: (_t, _m, bids) => {
      const bid = bids.reduce((a, b) => (b.claimedSuccess > a.claimedSuccess ? b : a));
      return { bid, estimate: bid.claimedSuccess };
    },
    random: (t, _m, bids) => {
      const bid = bids[Math.floor(keyedUniform(config.seed, t.taskId, "random") * bids.length)]!;
      return { bid, estimate: bid.claimedSuccess };
    },
    oracle: (_t, _m, bids) => {
      const bid = bids.reduce((a, b) => (byId.get(b.agentId)!.trueSuccess > byId.get(a.agentId)!.trueSuccess ? b : a));
      return { bid, estimate: byId.get(bid.agentId)!.trueSuccess };
    },
  };

  const acc = Object.fromEntries(STRATEGIES.map((s) => [s, { all: emptyAcc(), afterWarmup: emptyAcc() }])) as Record<Strategy, { all: Acc; afterWarmup: Acc }>;
  let withFilter = 0;
  let withoutFilter = 0;

  tasks.forEach((t, index) => {
    const { capable } = registry.filter(t);
    withFilter += capable.length;
    withoutFilter += workers.length;
    const bids = capable.map((c) => bidOf(config.seed, byId.get(c.profile.agentId)!, t)).filter((b) => b.price <= t.budget);
    for (const strategy of STRATEGIES) {
      const pick = bids.length === 0 ? undefined : pickers[strategy](t, capable, bids);
      const worker = pick && byId.get(pick.bid.agentId)!;
      const success = worker !== undefined && keyedUniform(config.seed, worker.agentId, t.taskId, "success") < worker.trueSuccess;
      if (strategy === "market" && pick && worker) {
        market.learn(pick.bid, success);
        if (index >= config.warmup && washers.has(worker.agentId)) washedAwards += 1;
      }
      for (const a of index >= config.warmup ? [acc[strategy].all, acc[strategy].afterWarmup] : [acc[strategy].all]) {
        a.tasks += 1;
        if (!pick || !worker) {
          a.unassigned += 1;
          continue;
        }
        a.awards += 1;
        a.successes += success ? 1 : 0;
        a.totalCost += pick.bid.price;
        a.badHires += worker.trueSuccess < config.badHireBelow ? 1 : 0;
        a.absError += Math.abs(pick.estimate - worker.trueSuccess);
      }
    }
  });

  const strategies = Object.fromEntries(
    STRATEGIES.map((s) => [s, { all: finish(acc[s].all), afterWarmup: finish(acc[s].afterWarmup) }]),
  ) as SimulationReport["strategies"];
  const m = strategies.market.afterWarmup;
  const successVsOracle = m.successRate / strategies.oracle.afterWarmup.successRate;
  const rrBad = strategies.roundRobin.afterWarmup.badHires;
  const badHireReduction = rrBad === 0 ? 1 : 1 - m.badHires / rrBad;
  const washShare = m.awards === 0 ? 0 : washedAwards / m.awards;
  return {
    config: { seed: config.seed, workers: config.workers, tasks: config.tasks, warmup: config.warmup },
    strategies,
    solicitations: { withFilter, withoutFilter, saved: withoutFilter - withFilter, asked: market.asked },
    whitewashing: { whitewashers: whitewashers.length, reRegistrations: market.reRegistrations, awards: washedAwards, share: washShare },
    goals: {
      successVsOracle,
      badHireReduction,
      calibrationError: m.calibrationError,
      whitewashShare: washShare,
      met: successVsOracle >= 0.95 && badHireReduction >= 0.8 && m.calibrationError <= 0.05 && washShare <= 0.05,
    },
  };
}

interface Acc {
  tasks: number;
  awards: number;
  unassigned: number;
  successes: number;
  totalCost: number;
  badHires: number;
  absError: number;
}

function emptyAcc(): Acc {
  return { tasks: 0, awards: 0, unassigned: 0, successes: 0, totalCost: 0, badHires: 0, absError: 0 };
}

function finish(a: Acc): StrategyMetrics {
  return {
    tasks: a.tasks,
    awards: a.awards,
    unassigned: a.unassigned,
    successes: a.successes,
    successRate: a.awards === 0 ? 0 : a.successes / a.awards,
    completionRate: a.tasks === 0 ? 0 : a.successes / a.tasks,
    totalCost: a.totalCost,
    badHires: a.badHires,
    calibrationError: a.awards === 0 ? 0 : a.absError / a.awards,
  };
}

