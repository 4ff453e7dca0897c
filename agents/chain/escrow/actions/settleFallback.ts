import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type SettleFallbackParameters = TaskRef;
export type SettleFallbackReturnType = TxResult;
export type SettleFallbackErrorType = EscrowWriteErrorType;

/**
 * Anyone settles a dispute the arbiter left unruled past its ruling window, by the fallback split.
 *
 * @example
 * await settleFallback(worker, bid); // a BidTerms names its task
 */
export async function settleFallback(client: EscrowBaseClient, parameters: SettleFallbackParameters): Promise<SettleFallbackReturnType> {
  return writeWithTerms(client, "settleFallback", parameters);
}
