import { MarketInputError } from "./errors.js";
import type { ProvenReview } from "./provenClaims.js";
import { provenCalibration } from "./calibration.js";
import { fresh, MAX_CALIBRATION, ReputationSnapshot, type AgentStats, type OutcomeReport, type State } from "./reputationState.js";

/** Smoothing of the calibration and cost-accuracy EMAs. */
export const EMA_ALPHA = 0.2;

/**
 * Per-agent track record, learned from awards and verified outcomes.
 *
 * - **Calibration** after each outcome: `cal ← (1 − α)·cal + α·(successRate / meanClaimed)`
 *   with α = 0.2 and both rates cumulative, starting at 1.0. An agent that claims 0.9 and
 *   succeeds 60% of the time converges to 0.6 / 0.9 ≈ 0.67. Outcomes with a mean claim of 0
 *   leave it unchanged (the ratio is undefined); targets are capped at {@link MAX_CALIBRATION}.
 * - **Cost accuracy**: `acc ← (1 − α)·acc + α·(actualCost / estimatedCost)`, from 1.0,
 *   updated only when both costs are reported and the estimate is positive.
 * - **Reputation** (the α term of the composite score): a Beta(1, 1) posterior mean of success
 *   in which each own outcome counts 1 and each *verified* indexer review counts
 *   `indexerWeight` pseudo-outcomes worth `(rating − 1) / 4` successes:
 *   `(successes + w·Σ r̂ + 1) / (outcomes + w·m + 2)`. A stranger scores 0.5.
 *
 * @example
 * const t = new ReputationTracker();
 * t.recordAward("w1");
 * t.recordOutcome({ agentId: "w1", claimedSuccess: 0.9, success: true });
 * t.stats("w1").calibration; // 0.8 + 0.2 · (1 / 0.9) ≈ 1.022
 */
export class ReputationTracker {
  readonly #agents = new Map<string, State>();
  readonly #indexerWeight: number;
  #totalAwards = 0;

  constructor(options: { indexerWeight?: number } = {}) {
    const w = options.indexerWeight ?? 1;
    if (!Number.isFinite(w) || w < 0) throw new MarketInputError("indexerWeight must be >= 0", { details: { indexerWeight: w } });
    this.#indexerWeight = w;
  }

  /** N: awards made so far, to anyone. */
  get totalAwards(): number {
    return this.#totalAwards;
  }

  /** Counts an award (N and nᵢ of the UCB bonus). Call it once per task awarded. */
  recordAward(agentId: string): void {
    this.#state(agentId).awards += 1;
    this.#totalAwards += 1;
  }

  /** Learns from a verified outcome: success rate, calibration and cost accuracy. */
  recordOutcome(report: OutcomeReport): void {
    const { claimedSuccess, estimatedCost, actualCost } = report;
    if (!(claimedSuccess >= 0 && claimedSuccess <= 1)) {
      throw new MarketInputError("claimedSuccess must be in [0, 1]", { details: { ...report } });
    }
    const s = this.#state(report.agentId);
    s.outcomes += 1;
    if (report.success) s.successes += 1;
    s.claimedSum += claimedSuccess;
    if (s.claimedSum > 0) {
      // successRate / meanClaimed = (successes / n) / (claimedSum / n)
      const target = Math.min(s.successes / s.claimedSum, MAX_CALIBRATION);
      s.calibration = (1 - EMA_ALPHA) * s.calibration + EMA_ALPHA * target;
    }
    if (estimatedCost !== undefined && actualCost !== undefined && estimatedCost > 0 && actualCost >= 0 && Number.isFinite(actualCost)) {
      s.costAccuracy = (1 - EMA_ALPHA) * s.costAccuracy + EMA_ALPHA * (actualCost / estimatedCost);
    }
  }

  /**
   * Replaces the indexer history blended into this agent's reputation. Pass only reviews
   * that survived {@link provenClaims}: unproven claims must count as nothing. The leaves where
   * the agent was the reviewed worker also give its *proven calibration*, which stands in for
   * {@link calibration} until this tracker has an outcome of its own: a worker that overclaimed
   * for other managers is discounted here too.
   */
  setProvenHistory(agentId: string, reviews: readonly ProvenReview[]): void {
    const s = this.#state(agentId);
    const subject = reviews[0]?.subject;
    const proven = subject === undefined ? null : provenCalibration(subject, reviews);
    s.provenFactor = proven?.factor ?? null;
    s.verifiedCount = reviews.length;
    s.verifiedScoreSum = reviews.reduce((sum, r) => sum + (r.rating - 1) / 4, 0);
  }

  /** Blended Bayesian success estimate in [0, 1] (0.5 for an agent with no history). */
  reputation(agentId: string): number {
    const s = this.#agents.get(agentId) ?? fresh();
    const w = this.#indexerWeight;
    return (s.successes + w * s.verifiedScoreSum + 1) / (s.outcomes + w * s.verifiedCount + 2);
  }

  /** Own calibration EMA once there is an outcome; before that the proven one, else 1. */
  calibration(agentId: string): number {
    const s = this.#agents.get(agentId);
    if (s && s.outcomes > 0) return s.calibration;
    return s?.provenFactor ?? s?.calibration ?? 1;
  }

  costAccuracy(agentId: string): number {
    return this.#agents.get(agentId)?.costAccuracy ?? 1;
  }

  /** nᵢ for the UCB bonus. */
  awards(agentId: string): number {
    return this.#agents.get(agentId)?.awards ?? 0;
  }

  stats(agentId: string): AgentStats {
    const s = this.#agents.get(agentId) ?? fresh();
    return {
      agentId,
      awards: s.awards,
      outcomes: s.outcomes,
      successes: s.successes,
      successRate: s.outcomes === 0 ? 0 : s.successes / s.outcomes,
      meanClaimed: s.outcomes === 0 ? 0 : s.claimedSum / s.outcomes,
      calibration: this.calibration(agentId),
      costAccuracy: s.costAccuracy,
      verifiedReviews: s.verifiedCount,
      reputation: this.reputation(agentId),
    };
  }

  /** The learned state as plain JSON (see {@link ReputationTracker.restore}). */
  snapshot(): ReputationSnapshot {
    return { version: 1, totalAwards: this.#totalAwards, agents: Object.fromEntries([...this.#agents].map(([id, s]) => [id, { ...s }])) };
  }

  /**
   * Rebuilds a tracker from {@link snapshot} output (e.g. read from disk): parsed, so a corrupt
   * file is a {@link MarketInputError}, never a tracker with NaN inside.
   *
   * @example
   * const tracker = ReputationTracker.restore(JSON.parse(await readFile("reputation.json", "utf8")));
   */
  static restore(snapshot: unknown, options: { indexerWeight?: number } = {}): ReputationTracker {
    const parsed = ReputationSnapshot.safeParse(snapshot);
    if (!parsed.success) {
      throw new MarketInputError("Invalid reputation snapshot", { code: "MARKET_INVALID_SNAPSHOT", details: { issues: parsed.error.issues.slice(0, 10) } });
    }
    const tracker = new ReputationTracker(options);
    tracker.#totalAwards = parsed.data.totalAwards;
    for (const [id, state] of Object.entries(parsed.data.agents)) tracker.#agents.set(id, { ...state });
    return tracker;
  }

  #state(agentId: string): State {
    let s = this.#agents.get(agentId);
    if (!s) {
      s = fresh();
      this.#agents.set(agentId, s);
    }
    return s;
  }
}
