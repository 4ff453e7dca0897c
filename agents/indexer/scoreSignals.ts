/** The warning signals of a subject's reviews (one reviewer dominating, a sudden shift, mutual hiring); `reputation` flags them. */
import { addressKey } from "../protocol/codecs.js";
import { DAY, SCORE_PARAMS, type ScoreInput, type ScoreParams } from "./scoreParams.js";

/** The reviewer with the most reviews and their share of all reviews (null when there are none). */
export function topReviewer(reviews: readonly ScoreInput[]): { reviewer: string; share: number } | null {
  const counts = new Map<string, number>();
  for (const r of reviews) counts.set(addressKey(r.reviewer), (counts.get(addressKey(r.reviewer)) ?? 0) + 1);
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
 * `hired` holds the {@link addressKey}s (lower case) of the workers the subject has hired.
 *
 * @example
 * mutualHiring(reviews, new Set(["0xabc..."])) // { count: 4, share: 0.25, mean: 5 }
 */
export function mutualHiring(reviews: readonly ScoreInput[], hired: ReadonlySet<string>): { count: number; share: number; mean: number | null } {
  let count = 0;
  let stars = 0;
  for (const r of reviews) {
    if (r.byClient && hired.has(addressKey(r.reviewer))) {
      count += 1;
      stars += r.rating;
    }
  }
  return { count, share: reviews.length === 0 ? 0 : count / reviews.length, mean: count === 0 ? null : stars / count };
}
