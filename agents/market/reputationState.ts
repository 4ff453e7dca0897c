import { z } from "zod";

/** Calibration targets are capped so one lucky success on a near-zero claim cannot explode. */
export const MAX_CALIBRATION = 10;

export interface OutcomeReport {
  agentId: string;
  /** The success probability the agent claimed in its winning bid. */
  claimedSuccess: number;
  /** Whether the work passed verification (judge score >= threshold, or release). */
  success: boolean;
  /** What the agent estimated the work would cost, in any unit consistent with `actualCost`. */
  estimatedCost?: number;
  actualCost?: number;
}

/** What the tracker knows about one agent. */
export interface AgentStats {
  agentId: string;
  /** nᵢ: awards made to this agent. */
  awards: number;
  /** Outcomes reported (may lag awards while work is in flight). */
  outcomes: number;
  successes: number;
  /** successes / outcomes, 0 before any outcome. */
  successRate: number;
  /** Mean claimed success over reported outcomes, 0 before any outcome. */
  meanClaimed: number;
  /** EMA of (actual success rate / mean claimed success); 1.0 for a new agent. */
  calibration: number;
  /** EMA of (actual cost / estimated cost); 1.0 for a new agent. */
  costAccuracy: number;
  /** Proven indexer reviews currently blended into {@link reputation}. */
  verifiedReviews: number;
  /** Blended Bayesian success estimate in [0, 1]; see {@link ReputationTracker.reputation}. */
  reputation: number;
}

const count = z.number().int().nonnegative();
const AgentState = z.strictObject({
  awards: count,
  outcomes: count,
  successes: count,
  claimedSum: z.number().nonnegative().finite(),
  calibration: z.number().nonnegative().max(MAX_CALIBRATION),
  costAccuracy: z.number().nonnegative().finite(),
  verifiedCount: count,
  verifiedScoreSum: z.number().nonnegative().finite(),
  /** Calibration factor from the proven leaves where the agent was the worker; null without any (older snapshots lack it). */
  provenFactor: z.number().nonnegative().max(MAX_CALIBRATION).nullable().default(null),
});
export type State = z.infer<typeof AgentState>;

/** A tracker's learned state, JSON-safe, so a manager can persist it across restarts. */
export const ReputationSnapshot = z.strictObject({
  version: z.literal(1),
  totalAwards: count,
  agents: z.record(z.string().min(1).max(128), AgentState),
});
export type ReputationSnapshot = z.infer<typeof ReputationSnapshot>;

export const fresh = (): State => ({
  awards: 0, outcomes: 0, successes: 0, claimedSum: 0,
  calibration: 1, costAccuracy: 1, verifiedCount: 0, verifiedScoreSum: 0, provenFactor: null,
});

