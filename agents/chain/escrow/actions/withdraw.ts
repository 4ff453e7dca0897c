import type { Address } from "viem";
import type { TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeEscrow, type EscrowWriteErrorType } from "../writeEscrow.js";

export interface WithdrawParameters {
  token: Address;
  /** Where the caller's whole credit in `token` goes. */
  to: Address;
}
export type WithdrawReturnType = TxResult;
export type WithdrawErrorType = EscrowWriteErrorType;

/**
 * Sends the caller's whole escrow credit in `token` to `to`.
 *
 * @example
 * await withdraw(feeRecipient, { token: usdc, to: treasury });
 */
export async function withdraw(client: EscrowBaseClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  return writeEscrow(client, "withdraw", [parameters.token, parameters.to]);
}
