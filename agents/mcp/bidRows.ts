import { z } from "zod";
import type { BidScore, CandidateBid } from "../runtime/ports.js";
import { isoTime } from "../runtime/refusal.js";

export const BidRow = z.strictObject({
  rank: z.number().int(),
  worker: z.string(),
  agentId: z.string(),
  price: z.string(),
  expiry: z.string(),
  claimedSuccess: z.number(),
  estimatedSteps: z.number().int(),
  rationale: z.string(),
  score: z
    .strictObject({ final: z.number(), composite: z.number(), reputation: z.number(), calibration: z.number(), calibratedSuccess: z.number(), costScore: z.number(), explorationBonus: z.number() })
    .nullable(),
  eligible: z.boolean(),
  reason: z.string(),
});
export type BidRow = z.infer<typeof BidRow>;

const f = (x: number) => x.toFixed(3);

/**
 * The rows list_bids shows, best first, each with the reason for its score in words: how its
 * claimed success was calibrated against the worker's record, its proven reputation, its cost
 * score and its exploration bonus.
 */
export function bidRows(bids: { bid: CandidateBid; score: BidScore | undefined }[]): BidRow[] {
  return bids.map(({ bid, score }, i) => ({
    rank: i + 1,
    worker: bid.worker,
    agentId: bid.agentId,
    price: bid.terms.amount.toString(),
    expiry: isoTime(bid.terms.expiry),
    claimedSuccess: bid.estimate.successProbability,
    estimatedSteps: bid.estimate.estimatedSteps,
    rationale: bid.estimate.rationale,
    score: score
      ? { final: score.final, composite: score.composite, reputation: score.reputation, calibration: score.calibration, calibratedSuccess: score.calibratedSuccess, costScore: score.costScore, explorationBonus: score.ucb }
      : null,
    eligible: score?.eligible ?? false,
    reason: score
      ? `claimed success ${f(bid.estimate.successProbability)} × calibration ${f(score.calibration)} = ${f(score.calibratedSuccess)}; ` +
        `reputation ${f(score.reputation)}; cost score ${f(score.costScore)}; composite ${f(score.composite)} + exploration ${f(score.ucb)} = ${f(score.final)}` +
        (score.eligible ? "" : "; not eligible: calibrated success below the threshold or price over budget")
      : "not scored: the worker was not among those solicited",
  }));
}
