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
  /**
   * What the reviewed task locked in escrow (TaskFunded `amount`, token base units), however it
   * settled. The indexer always sets it; absent (simulations) counts as a task worth exactly
   * `minTaskValue`, weight 1. See {@link taskValueWeight}.
   */
  amount?: bigint;
  /**
   * The subject's share of the reviewed party (0..1): a review of a team credits each member
   * with its fixed share of the team as weight. Absent: the review is of the subject itself (1).
   */
  share?: number;
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
  /**
   * A task that locked less than this (token base units) carries no reputation weight: with a
   * 1% fee, anything under 100 units pays no fee at all, so such tasks cost a wash ring only gas.
   * 10,000 is 0.01 of a 6-decimals token such as USDC. Set with MIN_TASK_VALUE.
   */
  minTaskValue: 10_000n,
} as const;

/** {@link SCORE_PARAMS}' shape, with any values. */
export type ScoreParams = { readonly [K in keyof typeof SCORE_PARAMS]: (typeof SCORE_PARAMS)[K] extends bigint ? bigint : number };

const DAY = 86_400;

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
