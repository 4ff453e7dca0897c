import { MAX_CALIBRATION } from "./reputationState.js";
import { addressKey } from "../protocol/codecs.js";

/** One settled task of a worker: what it claimed in its signed bid and what it delivered, in basis points. */
export interface ClaimRecord {
  claimedSuccessBps: number;
  deliveredBps: number;
}

/** How well a worker's claims matched its deliveries, over `tasks` settled tasks (success as a probability in [0, 1]). */
export interface Calibration {
  tasks: number;
  meanClaimed: number;
  meanDelivered: number;
  /** meanClaimed − meanDelivered: above 0 the worker overclaims, below 0 it underclaims. */
  meanGap: number;
  /** Brier score: mean of (claimed − delivered)², 0 for perfect claims, 1 for the worst. */
  brier: number;
  /** meanDelivered / meanClaimed, capped at {@link MAX_CALIBRATION}; what a manager multiplies a claim by (1 when nothing was claimed). */
  factor: number;
}

/**
 * The calibration of a worker from its settled tasks' claims and deliveries: mean gap, Brier score
 * and the factor a manager applies to its next claim. Null without any task. Pure: feed it only
 * records you trust (the *proven* leaves, see {@link provenCalibration}).
 *
 * @example
 * calibrationOf([{ claimedSuccessBps: 9_000, deliveredBps: 0 }, { claimedSuccessBps: 9_000, deliveredBps: 10_000 }]);
 * // { tasks: 2, meanClaimed: 0.9, meanDelivered: 0.5, meanGap: 0.4, brier: 0.41, factor: 0.555… }
 */
export function calibrationOf(records: readonly ClaimRecord[]): Calibration | null {
  if (records.length === 0) return null;
  let claimed = 0;
  let delivered = 0;
  let squares = 0;
  for (const r of records) {
    const c = r.claimedSuccessBps / 10_000;
    const d = r.deliveredBps / 10_000;
    claimed += c;
    delivered += d;
    squares += (c - d) ** 2;
  }
  const n = records.length;
  const factor = claimed === 0 ? 1 : Math.min(delivered / claimed, MAX_CALIBRATION);
  return { tasks: n, meanClaimed: claimed / n, meanDelivered: delivered / n, meanGap: (claimed - delivered) / n, brier: squares / n, factor };
}

/**
 * The calibration of `worker` from proven review leaves: only leaves whose subject is the task's
 * worker and that worker is `worker` (its clients' reviews of it) count, each once.
 *
 * @example
 * provenCalibration(worker, (await verifyReputation(worker, opts)).proven)?.brier
 */
export function provenCalibration(worker: string, leaves: readonly (ClaimRecord & { worker: string; subject: string })[]): Calibration | null {
  const w = addressKey(worker);
  return calibrationOf(leaves.filter((l) => addressKey(l.worker) === w && addressKey(l.subject) === w));
}
