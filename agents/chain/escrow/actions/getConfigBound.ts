import type { ReadContractErrorType } from "viem";
import type { ConfigBound } from "../../escrowTypes.js";
import { taskEscrowAbi } from "../../taskEscrowAbi.js";
import type { EscrowBaseClient } from "../baseClient.js";

export type GetConfigBoundReturnType = ConfigBound;
export type GetConfigBoundErrorType = ReadContractErrorType;

/**
 * The bound that accepts exactly the escrow's current settings (what `fund` passes by default).
 *
 * @example
 * const bound = await getConfigBound(client); // { maxFeeBps: 100, fallbackWorkerBps: 5000, maxRulingWindow: 604800 }
 */
export async function getConfigBound(client: EscrowBaseClient): Promise<GetConfigBoundReturnType> {
  const c = await client.publicClient.readContract({ address: client.address, abi: taskEscrowAbi, functionName: "config" });
  return { maxFeeBps: c.feeBps, fallbackWorkerBps: c.fallbackWorkerBps, maxRulingWindow: c.rulingWindow };
}
