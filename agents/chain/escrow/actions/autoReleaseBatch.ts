import type { EscrowBaseClient } from "../baseClient.js";
import { writeBatch } from "../writeEscrow.js";
import type { BatchParameters, BatchReturnType } from "./releaseBatch.js";

export type { BatchErrorType as AutoReleaseBatchErrorType } from "./releaseBatch.js";

/**
 * Anyone auto-releases several tasks whose review period has passed, in one transaction.
 *
 * @example
 * await autoReleaseBatch(worker, { tasks: [bidA, bidB] });
 */
export async function autoReleaseBatch(client: EscrowBaseClient, parameters: BatchParameters): Promise<BatchReturnType> {
  return writeBatch(client, "autoReleaseBatch", parameters.tasks);
}
