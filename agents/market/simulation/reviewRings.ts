import { seededRandom } from "../../random.js";

/**
 * Simulated review histories with collusion rings, to measure a collusion detector's recall and
 * false-positive rate. The detector is injected: the indexer owns the signals
 * (agents/indexer/scores.ts `reputation`: largest-reviewer share > 0.3, 7-day shift > 1.5 and
 * mutual hiring), and `(r, now, hired) => reputation(r, now, SCORE_PARAMS, hired)` fits
 * {@link CollusionDetector}. Nothing here reimplements them.
 *
 * The world (all parameters a priori, not tuned to any detector):
 * - honest agents: 8–40 reviews over 180 days from a pool of 2,000 clients, ratings around a
 *   stable quality in [2.5, 4.8] ± 1 star; 3% have one loyal client who wrote 40% of their
 *   reviews, 3% genuinely improved by 1.5 stars in the last week (the hard negatives);
 * - ring members: rings of 2–5 agents with 0–12 organic reviews at quality [2, 3.5]; every
 *   partner writes 3–8 five-star reviews of every other member, in a burst over the last 7
 *   days (60% of rings) or spread over 60 days (40%).
 * - who hired whom: every review here is a client's review of the worker it hired. Each agent
 *   also hires 0–10 agents from the client pool (so its own clients are sometimes among them
 *   by chance); half the loyal-client agents hire their loyal client in turn (an honest
 *   two-way business, a hard negative); ring members hire each of their partners.
 */

/** One review as the indexer's `ScoreInput` has it. */
export interface SimReview {
  rating: number;
  timestamp: number;
  reviewer: string;
  verified: boolean;
  /** The reviewer was the task's client. */
  byClient: boolean;
}

export type SubjectKind = "honest" | "loyal-client" | "improving" | "ring-burst" | "ring-spread";

export interface ReviewedSubject {
  subject: string;
  kind: SubjectKind;
  colluding: boolean;
  reviews: SimReview[];
  /** Agents this subject hired (as a client). */
  hired: string[];
}

export interface ReviewPopulation {
  now: number;
  subjects: ReviewedSubject[];
}

/** Structurally the indexer's `reputation(reviews, now)`. */
export type CollusionDetector = (
  reviews: readonly SimReview[],
  now: number,
  hired: ReadonlySet<string>,
) => { signals: { dominanceFlag: boolean; shiftFlag: boolean; mutualHireFlag?: boolean } };

export interface DetectionReport {
  subjects: number;
  colluding: number;
  truePositives: number;
  falsePositives: number;
  /** Flagged colluders / colluders (goal ≥ 0.90). */
  recall: number;
  /** Flagged honest agents / honest agents (goal ≤ 0.05). */
  falsePositiveRate: number;
  /** Share flagged, per kind of subject. */
  flaggedByKind: Record<SubjectKind, { subjects: number; flagged: number }>;
}

const DAY = 86_400;

export function makeReviewPopulation(options: { seed?: number | string; honest?: number; rings?: number; now?: number } = {}): ReviewPopulation {
  const { seed = 1, honest = 400, rings = 30, now = 1_800_000_000 } = options;
  const rand = seededRandom(`${seed}:reviews`);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const star = (q: number) => Math.min(5, Math.max(1, Math.round(q + (rand() * 2 - 1))));
  const client = () => `client-${int(0, 1_999)}`;
  const subjects: ReviewedSubject[] = [];

  for (let i = 0; i < honest; i++) {
    const u = rand();
    const kind: SubjectKind = u < 0.03 ? "loyal-client" : u < 0.06 ? "improving" : "honest";
    const quality = 2.5 + 2.3 * rand();
    const loyal = client();
    const reviews = Array.from({ length: int(8, 40) }, (): SimReview => {
      const timestamp = now - Math.floor(rand() * 180 * DAY);
      const recent = timestamp > now - 7 * DAY;
      const rating = star(kind === "improving" && recent ? Math.min(5, quality + 1.5) : quality);
      const reviewer = kind === "loyal-client" && rand() < 0.4 ? loyal : client();
      return { rating, timestamp, reviewer, verified: true, byClient: true };
    });
    if (kind === "improving") {
      // the improvement shows: a few recent jobs after it
      for (let k = 0; k < 4; k++) reviews.push({ rating: star(Math.min(5, quality + 1.5)), timestamp: now - Math.floor(rand() * 7 * DAY), reviewer: client(), verified: true, byClient: true });
    }
    const hired = Array.from({ length: int(0, 10) }, client);
    if (kind === "loyal-client" && rand() < 0.5) hired.push(loyal);
    subjects.push({ subject: `honest-${i}`, kind, colluding: false, reviews, hired });
  }

  for (let r = 0; r < rings; r++) {
    const members = Array.from({ length: int(2, 5) }, (_, m) => `ring-${r}-${m}`);
    const burst = rand() < 0.6;
    for (const member of members) {
      const quality = 2 + 1.5 * rand();
      const reviews: SimReview[] = Array.from({ length: int(0, 12) }, () => ({
        rating: star(quality),
        timestamp: now - Math.floor(rand() * 180 * DAY),
        reviewer: client(),
        verified: true,
        byClient: true,
      }));
      for (const partner of members) {
        if (partner === member) continue;
        for (let k = int(3, 8); k > 0; k--) {
          const window = burst ? 7 * DAY : 60 * DAY;
          reviews.push({ rating: 5, timestamp: now - Math.floor(rand() * window), reviewer: partner, verified: true, byClient: true });
        }
      }
      const hired = [...Array.from({ length: int(0, 10) }, client), ...members.filter((m) => m !== member)];
      subjects.push({ subject: member, kind: burst ? "ring-burst" : "ring-spread", colluding: true, reviews, hired });
    }
  }
  return { now, subjects };
}

/**
 * Runs a detector over every subject; a subject counts as flagged when any signal fires.
 *
 * @example
 * import { reputation, SCORE_PARAMS } from "../../indexer/scores.js";
 * evaluateCollusionDetection((r, now, hired) => reputation(r, now, SCORE_PARAMS, hired), makeReviewPopulation({ seed: 1 })).recall;
 */
export function evaluateCollusionDetection(detect: CollusionDetector, population: ReviewPopulation): DetectionReport {
  const byKind = {} as DetectionReport["flaggedByKind"];
  let tp = 0;
  let fp = 0;
  let colluding = 0;
  for (const s of population.subjects) {
    const { signals } = detect(s.reviews, population.now, new Set(s.hired));
    const flagged = signals.dominanceFlag || signals.shiftFlag || signals.mutualHireFlag === true;
    const k = (byKind[s.kind] ??= { subjects: 0, flagged: 0 });
    k.subjects += 1;
    if (flagged) k.flagged += 1;
    if (s.colluding) {
      colluding += 1;
      if (flagged) tp += 1;
    } else if (flagged) fp += 1;
  }
  const honest = population.subjects.length - colluding;
  return {
    subjects: population.subjects.length,
    colluding,
    truePositives: tp,
    falsePositives: fp,
    recall: colluding === 0 ? 1 : tp / colluding,
    falsePositiveRate: honest === 0 ? 0 : fp / honest,
    flaggedByKind: byKind,
  };
}
