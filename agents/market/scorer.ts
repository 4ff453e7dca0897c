import type { MarketBid } from "./bid.js";
import { MarketInputError } from "./errors.js";
import { ucbBonus } from "./ucb.js";

/** Composite weights. α + β + γ + δ must equal 1 (δ, the time term, defaults to 0). */
export interface ScoreWeights {
  /** Reputation weight α. */
  alpha: number;
  /** Calibrated-success weight β. */
  beta: number;
  /** Cost-score weight γ. */
  gamma: number;
  /** Optional time-score weight δ (deadline fit). */
  delta?: number;
}

/**
 * Default UCB scale. Chosen with the seeded simulation (`npm run bench:market`, 10 seeds):
 * c = 1 reached 83–89% of the oracle's success rate, c = 0.1 about 98% with the fewest bad
 * hires, c = 0.05 explored too little to calibrate some workers.
 */
export const DEFAULT_EXPLORATION_WEIGHT = 0.1;

export const DEFAULT_WEIGHTS: Readonly<Required<ScoreWeights>> = Object.freeze({ alpha: 0.35, beta: 0.45, gamma: 0.2, delta: 0 });

/** What the scorer needs to know about bidders; {@link ReputationTracker} provides it. */
export interface ReputationView {
  readonly totalAwards: number;
  reputation(agentId: string): number;
  calibration(agentId: string): number;
  costAccuracy(agentId: string): number;
  awards(agentId: string): number;
}

export interface ScoreContext {
  /** Task budget ceiling (same unit as bid prices). */
  budget: number;
  reputation: ReputationView;
  /** Fraction of preferred skills the bidder has (from the registry), in [0, 1]. */
  preferredMatch?: number;
  /** Seconds left until the task deadline; needed only when δ > 0. */
  timeAvailableSec?: number;
}

export interface ScoredBid {
  bid: MarketBid;
  reputation: number;
  calibration: number;
  calibratedSuccess: number;
  costScore: number;
  timeScore: number;
  preferredMatch: number;
  composite: number;
  ucb: number;
  final: number;
}

export interface BidScorerOptions {
  weights?: ScoreWeights;
  /**
   * c in c·√(2 ln N / nᵢ); default {@link DEFAULT_EXPLORATION_WEIGHT}. The raw bonus reaches ~3
   * while composites of rival bids differ by tenths, so c = 1 lets exploration drown the
   * evidence; see {@link DEFAULT_EXPLORATION_WEIGHT}.
   */
  explorationWeight?: number;
  /** Added as `preferredWeight · preferredMatch`; preferred skills raise, never gate, a score. */
  preferredWeight?: number;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Scores one bid.
 *
 * - `calibrated = clamp(claimed × calibration, 0, 1)`
 * - `costScore = clamp(1 − price × costAccuracy / budget, 0, 1)`: the quoted price scaled by
 *   how far this bidder's actual costs have run over (or under) its estimates, as a share of
 *   the budget. A free bid scores 1, a bid at the budget 0. With a zero budget only a free
 *   bid scores 1.
 * - `timeScore = clamp(1 − estimatedDuration / timeAvailable, 0, 1)`, 0 without an estimate.
 * - `composite = α·reputation + β·calibrated + γ·costScore + δ·timeScore` (reputation is
 *   the tracker's blended Bayesian success estimate, see {@link ReputationTracker}).
 * - `final = composite + preferredWeight·preferredMatch + ucb`, with the UCB bonus
 *   `c·√(2 ln N / nᵢ)` of {@link ucbBonus} (c = {@link DEFAULT_EXPLORATION_WEIGHT} unless set).
 *
 * @example
 * const scorer = new BidScorer();               // α=0.35 β=0.45 γ=0.20
 * scorer.score(bid, { budget: 1000, reputation: tracker }).final;
 */
export class BidScorer {
  readonly weights: Readonly<Required<ScoreWeights>>;
  readonly explorationWeight: number;
  readonly preferredWeight: number;

  constructor(options: BidScorerOptions = {}) {
    const w = { delta: 0, ...(options.weights ?? DEFAULT_WEIGHTS) };
    const values = [w.alpha, w.beta, w.gamma, w.delta];
    const sum = values.reduce((a, b) => a + b, 0);
    if (values.some((v) => !Number.isFinite(v) || v < 0) || Math.abs(sum - 1) > 1e-9) {
      throw new MarketInputError("Score weights must be non-negative and sum to 1", {
        code: "MARKET_INVALID_WEIGHTS",
        details: { ...w, sum },
      });
    }
    this.weights = Object.freeze(w);
    this.explorationWeight = nonNegative("explorationWeight", options.explorationWeight ?? DEFAULT_EXPLORATION_WEIGHT);
    this.preferredWeight = nonNegative("preferredWeight", options.preferredWeight ?? 0.05);
  }

  score(bid: MarketBid, ctx: ScoreContext): ScoredBid {
    const { alpha, beta, gamma, delta } = this.weights;
    const id = bid.agentId;
    const reputation = clamp01(ctx.reputation.reputation(id));
    const calibration = ctx.reputation.calibration(id);
    const calibratedSuccess = clamp01(bid.claimedSuccess * calibration);
    const expectedCost = bid.price * ctx.reputation.costAccuracy(id);
    const costScore = ctx.budget > 0 ? clamp01(1 - expectedCost / ctx.budget) : expectedCost === 0 ? 1 : 0;
    const timeScore =
      bid.estimatedDurationSec !== undefined && ctx.timeAvailableSec !== undefined && ctx.timeAvailableSec > 0
        ? clamp01(1 - bid.estimatedDurationSec / ctx.timeAvailableSec)
        : 0;
    const preferredMatch = clamp01(ctx.preferredMatch ?? 0);
    const composite = alpha * reputation + beta * calibratedSuccess + gamma * costScore + delta * timeScore;
    const ucb = ucbBonus(ctx.reputation.totalAwards, ctx.reputation.awards(id), this.explorationWeight);
    const final = composite + this.preferredWeight * preferredMatch + ucb;
    return { bid, reputation, calibration, calibratedSuccess, costScore, timeScore, preferredMatch, composite, ucb, final };
  }
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new MarketInputError(`${name} must be a finite number >= 0`, { details: { [name]: v } });
  return v;
}
