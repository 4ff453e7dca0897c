import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type RefundParameters = TaskRef;
export type RefundReturnType = TxResult;
export type RefundErrorType = EscrowWriteErrorType;

/**
 * The client takes the amount back from a task not submitted by its deadline.
 *
 * @example
 * await refund(client, bid); // a BidTerms names its task
 */
export async function refund(client: EscrowBaseClient, parameters: RefundParameters): Promise<RefundReturnType> {
  return writeWithTerms(client, "refund", parameters);
}
