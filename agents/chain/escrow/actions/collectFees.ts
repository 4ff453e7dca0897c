import type { EscrowBaseClient } from "../baseClient.js";
import { writeBatch } from "../writeEscrow.js";
import type { BatchParameters, BatchReturnType } from "./releaseBatch.js";

export type { BatchErrorType as CollectFeesErrorType } from "./releaseBatch.js";

/**
 * Credits the fees deferred by compact releases to their fee recipients (anyone may call).
 *
 * @example
 * await collectFees(anyone, { tasks: [bidA, bidB] });
 */
export async function collectFees(client: EscrowBaseClient, parameters: BatchParameters): Promise<BatchReturnType> {
  return writeBatch(client, "collectFees", parameters.tasks);
}
