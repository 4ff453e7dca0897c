import { keyedUniform } from "../random.js";
import { MarketInputError } from "./errors.js";

/** Agents asked per task by default: the `max_candidates = 5` of the design this market grew from. */
export const DEFAULT_MAX_CANDIDATES = 5;
/** Share of tasks whose exploration seat goes to an agent without history (else to the next proven one). */
export const DEFAULT_EXPLORATION_RATE = 0.05;
/** Below this many proven capable agents the exploration seat is offered on every task. */
export const MIN_PROVEN = 2;
/** Outcomes plus verified reviews an agent needs to count as proven rather than new. */
export const MIN_EVIDENCE = 3;

/** What candidate selection reads about an agent; {@link ReputationTracker.stats} provides it. */
export interface CandidateHistory {
  stats(agentId: string): { outcomes: number; verifiedReviews: number; reputation: number; calibration: number; meanClaimed: number };
}

export interface CandidateOptions {
  /** Task id (or any per-task key): makes the exploration draws deterministic per task. */
  key: string;
  /** K, most agents asked (default {@link DEFAULT_MAX_CANDIDATES}). */
  maxCandidates?: number;
  /** Chance that the one exploration seat goes to a newcomer (default {@link DEFAULT_EXPLORATION_RATE}). */
  explorationRate?: number;
  seed?: number | string;
}

export interface CandidateSelection {
  /** Who is asked to bid, at most K: proven agents best first, then newcomers. */
  asked: string[];
  /** The asked agents that have a record with this manager, by rank. */
  proven: string[];
  /** The asked agents without a record (exploration seat, or seats no proven agent could fill). */
  newcomers: string[];
  /** Capable agents not asked. */
  notAsked: number;
}

/**
 * How good an agent's record is, and how proven: the mean of its reputation (Bayesian success
 * estimate over own outcomes and verified reviews) and its calibrated success (typical claim ×
 * calibration), minus one standard error of that mean over its evidence. One lucky success does
 * not outrank forty good ones: a record counts by what it proves.
 */
export function candidateRank(s: ReturnType<CandidateHistory["stats"]>): number {
  const calibrated = s.outcomes > 0 ? Math.min(1, s.meanClaimed * s.calibration) : s.reputation;
  const mean = (s.reputation + calibrated) / 2;
  return mean - Math.sqrt((mean * (1 - mean)) / (s.outcomes + s.verifiedReviews + 1));
}

/**
 * Chooses which capable agents to ask for a bid, so the cost of a task does not grow with the
 * size of the market: at most K. K − 1 seats go to the agents with the best record; the last
 * seat is for exploration: with probability `explorationRate` a newcomer (an agent the manager
 * has no outcome or verified review of) gets it, otherwise the next proven agent. Newcomers
 * also fill seats that proven agents cannot (a young market). A fresh identity therefore
 * competes only for the exploration seat: re-registering to shed a bad record gains little.
 *
 * @throws MarketInputError for K < 1 or a rate outside [0, 1].
 * @example
 * const { asked } = selectCandidates(capable.map((c) => c.profile.agentId), tracker, { key: task.taskId });
 */
export function selectCandidates(capable: readonly string[], history: CandidateHistory, opts: CandidateOptions): CandidateSelection {
  const k = opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  const rate = opts.explorationRate ?? DEFAULT_EXPLORATION_RATE;
  if (!(Number.isInteger(k) && k >= 1) || !(rate >= 0 && rate <= 1)) {
    throw new MarketInputError("maxCandidates must be an integer >= 1 and explorationRate in [0, 1]", { code: "MARKET_INVALID_CANDIDATES", details: { maxCandidates: k, explorationRate: rate } });
  }
  const ids = [...new Set(capable)];
  const draw = (...parts: string[]) => keyedUniform(opts.seed ?? 0, opts.key, ...parts);
  const proven = ids
    .map((id) => ({ id, stats: history.stats(id) }))
    .filter((a) => a.stats.outcomes + a.stats.verifiedReviews >= MIN_EVIDENCE)
    .map((a) => ({ id: a.id, rank: candidateRank(a.stats) }))
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1))
    .map((a) => a.id);
  const provenSet = new Set(proven);
  // Newcomers in a per-task random order, so no fresh id is systematically first.
  const fresh = ids.filter((id) => !provenSet.has(id)).sort((a, b) => draw(a) - draw(b));

  // One seat explores: on a share of tasks, or on every task while too few agents are proven.
  // Only a market with no proven agent at all asks newcomers for every seat.
  const explore = fresh.length > 0 && k > 1 && (proven.length < MIN_PROVEN || draw("explore") < rate);
  const askedProven = proven.slice(0, explore ? k - 1 : k);
  const askedFresh = fresh.slice(0, proven.length === 0 ? k : explore ? 1 : 0);
  return { asked: [...askedProven, ...askedFresh], proven: askedProven, newcomers: askedFresh, notAsked: ids.length - askedProven.length - askedFresh.length };
}
