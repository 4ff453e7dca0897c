import type { Hex } from "viem";
import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type DisputeParameters = TaskRef & { reasonHash: Hex };
export type DisputeReturnType = TxResult;
export type DisputeErrorType = EscrowWriteErrorType;

/**
 * Either party hands a submitted task to its arbiter, naming the hash of its reason.
 *
 * @example
 * await dispute(client, { ...bid, reasonHash: keccak256(stringToHex("wrong answer")) });
 */
export async function dispute(client: EscrowBaseClient, parameters: DisputeParameters): Promise<DisputeReturnType> {
  return writeWithTerms(client, "dispute", parameters, [parameters.reasonHash]);
}
