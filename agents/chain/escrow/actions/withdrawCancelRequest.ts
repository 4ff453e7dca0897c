import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type WithdrawCancelRequestParameters = TaskRef;
export type WithdrawCancelRequestReturnType = TxResult;
export type WithdrawCancelRequestErrorType = EscrowWriteErrorType;

/**
 * Takes back the caller's own cancel request.
 *
 * @example
 * await withdrawCancelRequest(worker, bid); // a BidTerms names its task
 */
export async function withdrawCancelRequest(client: EscrowBaseClient, parameters: WithdrawCancelRequestParameters): Promise<WithdrawCancelRequestReturnType> {
  return writeWithTerms(client, "withdrawCancelRequest", parameters);
}
