/**
 * Reputation maths: pure functions of a subject's reviews and the time. All times are unix
 * seconds; ratings are 1–5 stars. The inputs and parameters are in scoreParams.ts, the warning
 * signals in scoreSignals.ts.
 */
import { DAY, SCORE_PARAMS, type ScoreInput, type ScoreParams } from "./scoreParams.js";
import { mutualHiring, recentShift, topReviewer } from "./scoreSignals.js";

export { SCORE_PARAMS, type ScoreInput, type ScoreParams } from "./scoreParams.js";
export { mutualHiring, recentShift, topReviewer } from "./scoreSignals.js";

/** Weight of a review `ageSeconds` old: 1 when fresh, ½ after one half-life. Future times count as fresh. */
export function decayWeight(ageSeconds: number, halfLifeDays: number = SCORE_PARAMS.halfLifeDays): number {
  return 0.5 ** (Math.max(0, ageSeconds) / (halfLifeDays * DAY));
}

/**
 * How much a review counts for the value of its task: 0 below `minTaskValue`, 1 at it, and one
 * more for every tenfold above it (1 + log₁₀(amount / minTaskValue)). Raw base units, so the
 * rule needs no token decimals: the minimum is set in the payment token's base units. A review
 * of a refunded task keeps its weight, or a worker who never delivered would escape bad reviews.
 *
 * @example
 * taskValueWeight(1n, 10_000n) // 0: a wash task
 * taskValueWeight(1_000_000n, 10_000n) // 3
 */
export function taskValueWeight(amount: bigint | undefined, minTaskValue: bigint): number {
  if (amount === undefined) return 1;
  if (amount < minTaskValue) return 0;
  const unit = minTaskValue > 0n ? minTaskValue : 1n;
  return 1 + Math.log10(Number(amount > unit ? amount : unit) / Number(unit));
}

/** A review's weight in the averages: task value × time decay. */
function reviewWeight(r: ScoreInput, now: number, p: ScoreParams): number {
  return (r.share ?? 1) * taskValueWeight(r.amount, p.minTaskValue) * decayWeight(now - r.timestamp, p.halfLifeDays);
}

/**
 * Bayesian average with time decay and task value: (prior·W + Σ wᵢ·rᵢ) / (W + Σ wᵢ), where
 * wᵢ = {@link taskValueWeight} × {@link decayWeight}.
 *
 * @example
 * bayesianAverage([{ rating: 5, timestamp: now, reviewer, verified: true }], now) // (35 + 5) / 11
 */
export function bayesianAverage(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS): number {
  let sum = 0;
  let weight = 0;
  for (const r of reviews) {
    const w = reviewWeight(r, now, p);
    sum += w * r.rating;
    weight += w;
  }
  return (p.prior * p.priorWeight + sum) / (p.priorWeight + weight);
}

/** Weighted share (task value × decay) of verified reviews, 0 when there are none or none weigh anything. */
export function verifiedShare(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS): number {
  let verified = 0;
  let all = 0;
  for (const r of reviews) {
    const w = reviewWeight(r, now, p);
    all += w;
    if (r.verified) verified += w;
  }
  return all === 0 ? 0 : verified / all;
}

export interface Reputation {
  count: number;
  /** Plain mean of the ratings, null without reviews. */
  mean: number | null;
  bayesian: number;
  verifiedShare: number;
  /** bayesian × (1 + verifiedBonus × verifiedShare), capped at 5 stars. */
  score: number;
  signals: {
    topReviewer: string | null;
    topReviewerShare: number;
    shift: number | null;
    dominanceFlag: boolean;
    shiftFlag: boolean;
    /** Reviews by clients the subject hired in turn, and their share of all reviews. */
    mutualHires: number;
    mutualHireShare: number;
    mutualHireFlag: boolean;
  };
}

/**
 * Everything the API reports about a subject's standing.
 *
 * @example
 * const rep = reputation(reviews, Math.floor(Date.now() / 1000));
 * if (rep.signals.dominanceFlag) console.warn("one reviewer dominates");
 *
 * `hired` (lower-cased addresses of the workers the subject hired) feeds the mutual-hiring
 * signal; without it that signal stays off.
 */
export function reputation(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS, hired: ReadonlySet<string> = new Set()): Reputation {
  const bayes = bayesianAverage(reviews, now, p);
  const share = verifiedShare(reviews, now, p);
  const top = topReviewer(reviews);
  const shift = recentShift(reviews, now, p);
  const mutual = mutualHiring(reviews, hired);
  return {
    count: reviews.length,
    mean: reviews.length === 0 ? null : reviews.reduce((s, r) => s + r.rating, 0) / reviews.length,
    bayesian: bayes,
    verifiedShare: share,
    score: Math.min(5, bayes * (1 + p.verifiedBonus * share)),
    signals: {
      topReviewer: top?.reviewer ?? null,
      topReviewerShare: top?.share ?? 0,
      shift,
      dominanceFlag: reviews.length >= p.minReviewsForDominance && (top?.share ?? 0) > p.dominanceThreshold,
      shiftFlag: shift !== null && shift > p.shiftThreshold,
      mutualHires: mutual.count,
      mutualHireShare: mutual.share,
      mutualHireFlag: mutual.count >= p.minMutualReviews && mutual.share >= p.mutualShareThreshold && (mutual.mean ?? 0) >= p.mutualMinMean,
    },
  };
}
