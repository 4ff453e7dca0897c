import type { TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeEscrow, type EscrowWriteErrorType } from "../writeEscrow.js";

export interface CancelNonceParameters {
  /** The nonce of the worker's bids that must never fund. */
  nonce: bigint;
}
export type CancelNonceReturnType = TxResult;
export type CancelNonceErrorType = EscrowWriteErrorType;

/**
 * The worker cancels every bid it signed with `nonce`.
 *
 * @example
 * await cancelNonce(worker, { nonce: bid.nonce });
 */
export async function cancelNonce(client: EscrowBaseClient, parameters: CancelNonceParameters): Promise<CancelNonceReturnType> {
  return writeEscrow(client, "cancelNonce", [parameters.nonce]);
}
