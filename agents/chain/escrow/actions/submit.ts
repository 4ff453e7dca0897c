import type { Hex } from "viem";
import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithHotTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type SubmitParameters = TaskRef & {
  resultHash: Hex;
  /** Have the worker's payouts of this task credited, not transferred. */
  toCredit?: boolean;
};
export type SubmitReturnType = TxResult;
export type SubmitErrorType = EscrowWriteErrorType;

/**
 * The worker posts the result's hash (compact entry point: hot terms and one hash of the rest).
 *
 * @example
 * await submit(worker, { ...bid, resultHash: resultHash(output) });
 */
export async function submit(client: EscrowBaseClient, parameters: SubmitParameters): Promise<SubmitReturnType> {
  return writeWithHotTerms(client, parameters.toCredit ? "submitForCredit" : "submit", parameters, [parameters.resultHash]);
}
