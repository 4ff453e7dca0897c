import { keyedUniform, seededRandom } from "../../random.js";
import type { MarketBid } from "../bid.js";
import type { BidScorerOptions } from "../scorer.js";

/** The simulated world: hidden worker truth, the task stream and how workers bid. */

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
  /** K: most agents the market asks per task (agents/market/candidates.ts); Infinity asks every capable one. */
  maxCandidates: number;
  /** Share of tasks whose exploration seat goes to a newcomer. */
  explorationRate: number;
  /** Bad workers that re-register under a new identity after every failed market award. */
  whitewashers: number;
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
  maxCandidates: 5,
  explorationRate: 0.05,
  whitewashers: 1,
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

/**
 * Draws the whitewashers: cheap, overconfident, bad (true success 0.25, claims about 0.9), each
 * with the skills of an ordinary worker. Ids are `ww0`, `ww1`, ...; the market sees each new
 * identity as a stranger (see simulation/whitewash.ts).
 */
export function makeWhitewashers(config: SimulationConfig): SimWorker[] {
  const rand = seededRandom(`${config.seed}:whitewashers`);
  return Array.from({ length: config.whitewashers }, (_, i) => {
    const skills = config.skills.filter(() => rand() < 0.5);
    if (skills.length === 0) skills.push(config.skills[Math.floor(rand() * config.skills.length)]!);
    return { agentId: `ww${i}`, skills, trueSuccess: 0.25, overconfidence: 3.6, costPerStep: 50, meanSteps: 3 };
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

