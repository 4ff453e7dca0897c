/** What the reputation maths reads from a review, and its tunable parameters (agents/indexer/scores.ts). */

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

/** Seconds in a day (the parameters count days; review times are unix seconds). */
export const DAY = 86_400;
