import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type DeclineParameters = TaskRef;
export type DeclineReturnType = TxResult;
export type DeclineErrorType = EscrowWriteErrorType;

/**
 * The worker gives a funded task back before submitting; the client is refunded.
 *
 * @example
 * await decline(worker, bid); // a BidTerms names its task
 */
export async function decline(client: EscrowBaseClient, parameters: DeclineParameters): Promise<DeclineReturnType> {
  return writeWithTerms(client, "decline", parameters);
}
