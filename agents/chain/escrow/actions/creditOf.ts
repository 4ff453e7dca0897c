import type { Address, ReadContractErrorType } from "viem";
import { taskEscrowAbi } from "../../taskEscrowAbi.js";
import type { EscrowBaseClient } from "../baseClient.js";

export interface CreditOfParameters {
  account: Address;
  token: Address;
}
export type CreditOfReturnType = bigint;
export type CreditOfErrorType = ReadContractErrorType;

/**
 * Withdrawable credit (fees, referrer shares, payouts a token refused, deposits) of `account` in `token`.
 *
 * @example
 * const credit = await creditOf(client, { account: feeRecipient, token: usdc });
 */
export async function creditOf(client: EscrowBaseClient, parameters: CreditOfParameters): Promise<CreditOfReturnType> {
  const { account, token } = parameters;
  return client.publicClient.readContract({ address: client.address, abi: taskEscrowAbi, functionName: "creditOf", args: [account, token] });
}
