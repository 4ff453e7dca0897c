import type { GetBlockErrorType } from "viem";
import type { EscrowBaseClient } from "../baseClient.js";

export type NowReturnType = bigint;
export type NowErrorType = GetBlockErrorType;

/**
 * The chain's clock: the latest block's timestamp (Unix seconds), which every escrow deadline is measured against.
 *
 * @example
 * if ((await now(client)) > task.terms.deadline) await refund(client, task);
 */
export async function now(client: EscrowBaseClient): Promise<NowReturnType> {
  return (await client.publicClient.getBlock({ blockTag: "latest" })).timestamp;
}
