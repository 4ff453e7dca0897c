/** One seat a juror held, as the indexer recorded it. */
export interface JurorSeat {
  caseId: string;
  /** The revealed vote, or null when the juror never revealed. */
  voteBps: number | null;
  /** How the case ended: ruled (with its median), lapsed, or still open (null). */
  status: "ruled" | "lapsed" | null;
  rulingBps: number | null;
}

/** A juror's record: how often it sat and revealed, and how far its votes fell from the panels' medians. */
export interface JurorQuality {
  /** Seats in cases that ended (ruled or lapsed). */
  cases: number;
  revealed: number;
  /** Seats in ended cases where it never revealed. */
  missed: number;
  /** Mean |vote − ruling| over its revealed votes in ruled cases; null without any. */
  meanDistanceBps: number | null;
  /**
   * (1 − meanDistance / 10,000) × revealed / cases, in 0..1: a juror who always reveals and
   * votes the panel's median scores 1; null before it has a vote in a ruled case.
   */
  quality: number | null;
  /** Each ruled case it voted in, newest last: its vote, the ruling and the distance. */
  distances: { caseId: string; voteBps: number; rulingBps: number; distanceBps: number }[];
}

/**
 * A juror's quality from its seats: the distance of each revealed vote from the panel's median
 * (the ruling JuryArbiter executed) and its reveal rate. Seats of open cases do not count yet.
 *
 * @example
 * jurorQuality([{ caseId: "0x1", voteBps: 6_000, status: "ruled", rulingBps: 6_500 }]).meanDistanceBps; // 500
 */
export function jurorQuality(seats: readonly JurorSeat[]): JurorQuality {
  const ended = seats.filter((s) => s.status !== null);
  const revealed = ended.filter((s) => s.voteBps !== null).length;
  const distances = ended.flatMap((s) =>
    s.status === "ruled" && s.voteBps !== null && s.rulingBps !== null
      ? [{ caseId: s.caseId, voteBps: s.voteBps, rulingBps: s.rulingBps, distanceBps: Math.abs(s.voteBps - s.rulingBps) }]
      : [],
  );
  const meanDistanceBps = distances.length ? distances.reduce((a, d) => a + d.distanceBps, 0) / distances.length : null;
  return {
    cases: ended.length,
    revealed,
    missed: ended.length - revealed,
    meanDistanceBps,
    quality: meanDistanceBps === null ? null : (1 - meanDistanceBps / 10_000) * (revealed / ended.length),
    distances,
  };
}
