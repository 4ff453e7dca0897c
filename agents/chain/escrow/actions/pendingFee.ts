import type { TaskRef } from "../../escrowTypes.js";
import { taskEscrowAbi } from "../../taskEscrowAbi.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { getTerms, type GetTermsErrorType } from "./getTerms.js";

export type PendingFeeParameters = TaskRef;
export type PendingFeeReturnType = bigint;
export type PendingFeeErrorType = GetTermsErrorType;

/**
 * The fee a compact-released task still holds for its fee recipient (0n if none or collected).
 *
 * @example
 * const fee = await pendingFee(client, bid);
 */
export async function pendingFee(client: EscrowBaseClient, parameters: PendingFeeParameters): Promise<PendingFeeReturnType> {
  const terms = await getTerms(client, parameters);
  return client.publicClient.readContract({ address: client.address, abi: taskEscrowAbi, functionName: "pendingFee", args: [parameters.taskId, terms] });
}
