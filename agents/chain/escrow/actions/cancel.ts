import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type CancelParameters = TaskRef;
export type CancelReturnType = TxResult;
export type CancelErrorType = EscrowWriteErrorType;

/**
 * Asks to cancel; completes (refund) when the other party asked in the task's current status.
 *
 * @example
 * await cancel(client, bid); // a BidTerms names its task
 */
export async function cancel(client: EscrowBaseClient, parameters: CancelParameters): Promise<CancelReturnType> {
  return writeWithTerms(client, "cancel", parameters);
}
