import { keyedUniform, seededRandom } from "../random.js";
import { MarketAllocator } from "./allocator.js";
import type { MarketBid } from "./bid.js";
import { MarketAllocationError } from "./errors.js";
import { CapabilityRegistry } from "./registry.js";
import type { CapableAgent } from "./registry.js";
import { ReputationTracker } from "./reputation.js";
import { BidScorer } from "./scorer.js";
import type { BidScorerOptions } from "./scorer.js";

/**
 * A seeded market simulation (pure, deterministic): workers with hidden true skill bid on
 * tasks, and allocation strategies compete on the same draws (common random numbers: whether
 * worker w succeeds at task t is one keyed draw, whoever hires w).
 */

export const STRATEGIES = ["market", "roundRobin", "greedy", "random", "oracle"] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface SimulationConfig {
  seed: number | string;
  workers: number;
  tasks: number;
  /** Tasks before this index are the learning phase; `afterWarmup` metrics skip them. */
  warmup: number;
  /** A hire of a worker whose true success rate is below this is a bad hire. */
  badHireBelow: number;
  skills: readonly string[];
  scorer: BidScorerOptions;
  minSuccessThreshold: number;
}

export const DEFAULT_SIMULATION: Readonly<SimulationConfig> = Object.freeze({
  seed: 1,
  workers: 20,
  tasks: 1_000,
  warmup: 200,
  badHireBelow: 0.6,
  skills: ["typescript", "solidity", "summarise", "translate", "research", "testing"],
  scorer: {},
  minSuccessThreshold: 0.5,
});

export interface SimWorker {
  agentId: string;
  skills: string[];
  trueSuccess: number;
  /** Claims are trueSuccess × overconfidence (± 0.03). */
  overconfidence: number;
  costPerStep: number;
  meanSteps: number;
}

export interface SimTask {
  taskId: string;
  requiredSkills: string[];
  preferredSkills: string[];
  budget: number;
}

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
  solicitations: { withFilter: number; withoutFilter: number; saved: number };
  goals: {
    /** market / oracle realised success rate after warm-up (goal ≥ 0.95). */
    successVsOracle: number;
    /** 1 − market bad hires / round-robin bad hires after warm-up (goal ≥ 0.80). */
    badHireReduction: number;
    /** market calibration error after warm-up (goal ≤ 0.05). */
    calibrationError: number;
    met: boolean;
  };
}

/** Draws the hidden population. */
export function makeWorkers(config: SimulationConfig): SimWorker[] {
  const rand = seededRandom(`${config.seed}:workers`);
  return Array.from({ length: config.workers }, (_, i) => {
    const skills = config.skills.filter(() => rand() < 0.5);
    if (skills.length === 0) skills.push(config.skills[Math.floor(rand() * config.skills.length)]!);
    return {
      agentId: `w${String(i).padStart(2, "0")}`,
      skills,
      trueSuccess: 0.3 + 0.65 * rand(),
      overconfidence: 0.8 + 0.8 * rand(),
      costPerStep: 50 + 100 * rand(),
      meanSteps: 3 + 7 * rand(),
    };
  });
}

/** Draws the task stream: one or two required skills, sometimes a preferred one. */
export function makeTasks(config: SimulationConfig): SimTask[] {
  const rand = seededRandom(`${config.seed}:tasks`);
  const pick = () => config.skills[Math.floor(rand() * config.skills.length)]!;
  return Array.from({ length: config.tasks }, (_, i) => {
    const required = [pick()];
    if (rand() < 0.3) required.push(pick());
    const preferred = rand() < 0.5 ? [pick()] : [];
    return { taskId: `t${i}`, requiredSkills: [...new Set(required)], preferredSkills: preferred, budget: 2_000 };
  });
}

/** What worker `w` bids on task `t`: deterministic per (seed, worker, task). */
export function bidOf(seed: number | string, w: SimWorker, t: SimTask): MarketBid {
  const noise = 0.03 * (2 * keyedUniform(seed, w.agentId, t.taskId, "claim") - 1);
  const steps = Math.max(1, Math.round(w.meanSteps * (0.7 + 0.6 * keyedUniform(seed, w.agentId, t.taskId, "steps"))));
  return {
    agentId: w.agentId,
    price: Math.round(steps * w.costPerStep * 1.2),
    claimedSuccess: Math.min(0.99, Math.max(0.01, w.trueSuccess * w.overconfidence + noise)),
    estimatedSteps: steps,
  };
}

interface Pick {
  bid: MarketBid;
  estimate: number;
}

/** Runs every strategy over the same workers, tasks and draws. */
export function runSimulation(overrides: Partial<SimulationConfig> = {}): SimulationReport {
  const config: SimulationConfig = { ...DEFAULT_SIMULATION, ...overrides };
  const workers = makeWorkers(config);
  const tasks = makeTasks(config);
  const byId = new Map(workers.map((w) => [w.agentId, w]));
  const registry = new CapabilityRegistry();
  for (const w of workers) registry.register({ agentId: w.agentId, skills: w.skills, costPerStep: w.costPerStep, maxSteps: 1_000 });

  const tracker = new ReputationTracker();
  const allocator = new MarketAllocator({ reputation: tracker, scorer: new BidScorer(config.scorer), minSuccessThreshold: config.minSuccessThreshold });
  let roundRobin = 0;

  const pickers: Record<Strategy, (t: SimTask, members: CapableAgent[], bids: MarketBid[]) => Pick | undefined> = {
    market: (t, members, bids) => {
      try {
        const { winner } = allocator.allocate({ task: t, members, bids });
        return { bid: winner.bid, estimate: winner.calibratedSuccess };
      } catch (e) {
        if (e instanceof MarketAllocationError) return undefined;
        throw e;
      }
    },
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
        tracker.recordAward(worker.agentId);
        tracker.recordOutcome({ agentId: worker.agentId, claimedSuccess: pick.bid.claimedSuccess, success });
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
  return {
    config: { seed: config.seed, workers: config.workers, tasks: config.tasks, warmup: config.warmup },
    strategies,
    solicitations: { withFilter, withoutFilter, saved: withoutFilter - withFilter },
    goals: {
      successVsOracle,
      badHireReduction,
      calibrationError: m.calibrationError,
      met: successVsOracle >= 0.95 && badHireReduction >= 0.8 && m.calibrationError <= 0.05,
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

export interface SimulationSummary {
  seeds: (number | string)[];
  /** Mean and worst value of each goal over the seeds. */
  successVsOracle: { mean: number; min: number };
  badHireReduction: { mean: number; min: number };
  calibrationError: { mean: number; max: number };
  /** market / oracle total cost after warm-up, mean over seeds. */
  costVsOracle: number;
  solicitationsSavedShare: number;
  /** Goals met by the means. */
  met: boolean;
  runs: SimulationReport[];
}

/**
 * Runs the simulation for several seeds and summarises the goals, since one seed's figure
 * carries sampling noise of a few percent.
 *
 * @example
 * summariseSimulation([1, 2, 3]).successVsOracle.mean;
 */
export function summariseSimulation(seeds: readonly (number | string)[], overrides: Partial<SimulationConfig> = {}): SimulationSummary {
  const runs = seeds.map((seed) => runSimulation({ ...overrides, seed }));
  const values = (f: (r: SimulationReport) => number) => runs.map(f);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = values((r) => r.goals.successVsOracle);
  const bad = values((r) => r.goals.badHireReduction);
  const cal = values((r) => r.goals.calibrationError);
  const cost = values((r) => r.strategies.market.afterWarmup.totalCost / r.strategies.oracle.afterWarmup.totalCost);
  const saved = values((r) => r.solicitations.saved / r.solicitations.withoutFilter);
  const summary = {
    seeds: [...seeds],
    successVsOracle: { mean: mean(ratio), min: Math.min(...ratio) },
    badHireReduction: { mean: mean(bad), min: Math.min(...bad) },
    calibrationError: { mean: mean(cal), max: Math.max(...cal) },
    costVsOracle: mean(cost),
    solicitationsSavedShare: mean(saved),
  };
  return {
    ...summary,
    met: summary.successVsOracle.mean >= 0.95 && summary.badHireReduction.mean >= 0.8 && summary.calibrationError.mean <= 0.05,
    runs,
  };
}
