import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithHotTerms, writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type ReleaseParameters = TaskRef & {
  /** Send only the hot terms (releaseCompact, less gas); the fee then waits for `collectFees`. */
  compact?: boolean;
};
export type ReleaseReturnType = TxResult;
export type ReleaseErrorType = EscrowWriteErrorType;

/**
 * The client accepts the result and pays the worker (the full-terms release credits the fee at once).
 *
 * @example
 * await release(client, { client: bid.client, taskId: bid.taskId, compact: true });
 */
export async function release(client: EscrowBaseClient, parameters: ReleaseParameters): Promise<ReleaseReturnType> {
  return parameters.compact ? writeWithHotTerms(client, "releaseCompact", parameters) : writeWithTerms(client, "release", parameters);
}
