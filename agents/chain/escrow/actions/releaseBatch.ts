import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeBatch, type EscrowWriteErrorType } from "../writeEscrow.js";

export interface BatchParameters {
  tasks: readonly TaskRef[];
}
export type BatchReturnType = TxResult;
export type BatchErrorType = EscrowWriteErrorType;

/**
 * The client releases several submitted tasks in one transaction.
 *
 * @example
 * await releaseBatch(client, { tasks: [bidA, bidB] });
 */
export async function releaseBatch(client: EscrowBaseClient, parameters: BatchParameters): Promise<BatchReturnType> {
  return writeBatch(client, "releaseBatch", parameters.tasks);
}
