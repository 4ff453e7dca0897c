import { getAddress, type Address } from "viem";
import type { Db } from "./db/Db.js";
import { calibrationOf } from "../market/calibration.js";
import { deliveredBpsOf } from "../protocol/reviewLeaf.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";
import type { CalibrationResponse } from "./api/calibrationSchemas.js";

/**
 * The indexer's calibration of each worker: every settled task it worked on in this escrow, the
 * success it claimed in its signed bid (TaskFunded) against what the settlement paid it. This is
 * the indexer's word over all tasks, reviewed or not; `verifyReputation` computes the same
 * figures from the proven review leaves alone.
 *
 * @example
 * const { calibration } = await calibrationApi(db).calibration(worker); // calibration?.meanGap
 */
export function calibrationApi(db: Db) {
  return {
    async calibration(address: Address): Promise<CalibrationResponse> {
      const worker = getAddress(address);
      const rows = await db.query<{ claimed_bps: number | null; outcome: ReviewOutcome; worker_bps: number | null }>(
        "SELECT claimed_bps, outcome, worker_bps FROM tasks WHERE worker = $1 AND outcome IS NOT NULL",
        [worker],
      );
      const records = rows.map((r) => ({ claimedSuccessBps: Number(r.claimed_bps ?? 0), deliveredBps: deliveredBpsOf(r.outcome, r.worker_bps === null ? null : Number(r.worker_bps)) }));
      return { address: worker, calibration: calibrationOf(records) };
    },
  };
}
