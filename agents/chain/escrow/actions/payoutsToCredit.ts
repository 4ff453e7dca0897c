import type { ReadContractErrorType } from "viem";
import type { TaskRef } from "../../escrowTypes.js";
import { taskEscrowAbi } from "../../taskEscrowAbi.js";
import type { EscrowBaseClient } from "../baseClient.js";

export type PayoutsToCreditParameters = TaskRef;
export interface PayoutsToCreditReturnType {
  client: boolean;
  worker: boolean;
}
export type PayoutsToCreditErrorType = ReadContractErrorType;

/**
 * Whether the task's client refunds / worker payouts go to escrow credit instead of a transfer.
 *
 * @example
 * const { client: refundsToCredit } = await payoutsToCredit(client, bid);
 */
export async function payoutsToCredit(client: EscrowBaseClient, parameters: PayoutsToCreditParameters): Promise<PayoutsToCreditReturnType> {
  const [toClient, toWorker] = await client.publicClient.readContract({
    address: client.address,
    abi: taskEscrowAbi,
    functionName: "payoutsToCredit",
    args: [parameters.client, parameters.taskId],
  });
  return { client: toClient, worker: toWorker };
}
