import type { Address } from "viem";
import type { TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeEscrow, type EscrowWriteErrorType } from "../writeEscrow.js";

export interface DepositParameters {
  token: Address;
  amount: bigint;
}
export type DepositReturnType = TxResult;
export type DepositErrorType = EscrowWriteErrorType;

/**
 * Adds `amount` of `token` to the caller's escrow credit (pulled with transferFrom; approve first).
 *
 * @example
 * await deposit(client, { token: usdc, amount: 1_000_000n });
 */
export async function deposit(client: EscrowBaseClient, parameters: DepositParameters): Promise<DepositReturnType> {
  return writeEscrow(client, "deposit", [parameters.token, parameters.amount]);
}
