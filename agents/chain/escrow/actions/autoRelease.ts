import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type AutoReleaseParameters = TaskRef;
export type AutoReleaseReturnType = TxResult;
export type AutoReleaseErrorType = EscrowWriteErrorType;

/**
 * Anyone pays the worker once the review period of a submitted task has passed.
 *
 * @example
 * await autoRelease(worker, bid); // a BidTerms names its task
 */
export async function autoRelease(client: EscrowBaseClient, parameters: AutoReleaseParameters): Promise<AutoReleaseReturnType> {
  return writeWithTerms(client, "autoRelease", parameters);
}
