/**
 * Reputation maths: pure functions of a subject's reviews and the time. All times are unix
 * seconds; ratings are 1–5 stars.
 */

export interface ScoreInput {
  rating: number;
  /** When the review was signed (unix seconds). */
  timestamp: number;
  reviewer: string;
  /** Anchored on-chain in a Merkle root, so anyone can check it. */
  verified: boolean;
  /**
   * The reviewer was the task's client (it hired the subject); false or absent when the
   * reviewer was the worker. Only client reviews can be mutual hiring (see {@link mutualHiring}).
   */
  byClient?: boolean;
}

export const SCORE_PARAMS = {
  /** Stars a subject with no reviews is assumed to have. */
  prior: 3.5,
  /** How many (fresh) reviews the prior is worth. */
  priorWeight: 10,
  /** A review's weight halves every this many days. */
  halfLifeDays: 90,
  /** Largest multiplier bonus, reached when every review is verified. */
  verifiedBonus: 0.1,
  /** Flag when one reviewer wrote more than this share of the reviews. */
  dominanceThreshold: 0.3,
  /** Flag when the recent mean differs from the earlier mean by more than this many stars. */
  shiftThreshold: 1.5,
  /** "Recent" for the shift signal. */
  recentDays: 7,
  /** Dominance needs this many reviews before it means anything (one review is always 100%). */
  minReviewsForDominance: 5,
  /** Flag mutual hiring from this many praising reviews by agents the subject hired in turn... */
  minMutualReviews: 3,
  /** ...when they are at least this share of the subject's reviews... */
  mutualShareThreshold: 0.15,
  /** ...and average at least this many stars (trading praise, not an honest two-way business). */
  mutualMinMean: 4.5,
} as const;

export type ScoreParams = typeof SCORE_PARAMS;

const DAY = 86_400;

/** Weight of a review `ageSeconds` old: 1 when fresh, ½ after one half-life. Future times count as fresh. */
export function decayWeight(ageSeconds: number, halfLifeDays: number = SCORE_PARAMS.halfLifeDays): number {
  return 0.5 ** (Math.max(0, ageSeconds) / (halfLifeDays * DAY));
}

/**
 * Bayesian average with time decay: (prior·W + Σ wᵢ·rᵢ) / (W + Σ wᵢ).
 *
 * @example
 * bayesianAverage([{ rating: 5, timestamp: now, reviewer, verified: true }], now) // (35 + 5) / 11
 */
export function bayesianAverage(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS): number {
  let sum = 0;
  let weight = 0;
  for (const r of reviews) {
    const w = decayWeight(now - r.timestamp, p.halfLifeDays);
    sum += w * r.rating;
    weight += w;
  }
  return (p.prior * p.priorWeight + sum) / (p.priorWeight + weight);
}

/** Decay-weighted share of verified reviews, 0 when there are none. */
export function verifiedShare(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS): number {
  let verified = 0;
  let all = 0;
  for (const r of reviews) {
    const w = decayWeight(now - r.timestamp, p.halfLifeDays);
    all += w;
    if (r.verified) verified += w;
  }
  return all === 0 ? 0 : verified / all;
}

/** The reviewer with the most reviews and their share of all reviews (null when there are none). */
export function topReviewer(reviews: readonly ScoreInput[]): { reviewer: string; share: number } | null {
  const counts = new Map<string, number>();
  for (const r of reviews) counts.set(r.reviewer.toLowerCase(), (counts.get(r.reviewer.toLowerCase()) ?? 0) + 1);
  let best: { reviewer: string; share: number } | null = null;
  for (const [reviewer, n] of counts) {
    const share = n / reviews.length;
    if (!best || share > best.share || (share === best.share && reviewer < best.reviewer)) best = { reviewer, share };
  }
  return best;
}

/**
 * |mean rating of the last `recentDays` − mean rating before|, or null when either window is
 * empty. A sudden jump (a burst of fake praise, or of revenge reviews) shows up here.
 */
export function recentShift(reviews: readonly ScoreInput[], now: number, p: ScoreParams = SCORE_PARAMS): number | null {
  const cut = now - p.recentDays * DAY;
  const recent = reviews.filter((r) => r.timestamp > cut);
  const before = reviews.filter((r) => r.timestamp <= cut);
  if (recent.length === 0 || before.length === 0) return null;
  const mean = (xs: readonly ScoreInput[]) => xs.reduce((s, r) => s + r.rating, 0) / xs.length;
  return Math.abs(mean(recent) - mean(before));
}

/**
 * Reviews of the subject by clients whom the subject has itself hired: A hires B and B hires A,
 * the shape of a review ring trading five-star jobs, however slowly it spreads them out (which
 * the shift signal misses) and however many members share the praise (which dominance misses).
 * `hired` holds the lower-cased addresses of the workers the subject has hired.
 *
 * @example
 * mutualHiring(reviews, new Set(["0xabc..."])) // { count: 4, share: 0.25, mean: 5 }
 */
export function mutualHiring(reviews: readonly ScoreInput[], hired: ReadonlySet<string>): { count: number; share: number; mean: number | null } {
  let count = 0;
  let stars = 0;
  for (const r of reviews) {
    if (r.byClient && hired.has(r.reviewer.toLowerCase())) {
      count += 1;
      stars += r.rating;
    }
  }
  return { count, share: reviews.length === 0 ? 0 : count / reviews.length, mean: count === 0 ? null : stars / count };
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
