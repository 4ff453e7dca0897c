import { z } from "zod";
import { AddressString } from "../../protocol/codecs.js";

const Probability = z.number().min(0).max(1);

/** A worker's claimed against delivered success (agents/market/calibration.ts `Calibration`). */
export const CalibrationBody = z.strictObject({
  tasks: z.number().int().positive(),
  meanClaimed: Probability,
  meanDelivered: Probability,
  meanGap: z.number().min(-1).max(1),
  brier: Probability,
  factor: z.number().nonnegative(),
});

/** GET /agents/:address/calibration: over every settled task of the worker the indexer ingested; null without any. */
export const CalibrationResponse = z.strictObject({
  address: AddressString,
  calibration: CalibrationBody.nullable(),
});
export type CalibrationResponse = z.infer<typeof CalibrationResponse>;
