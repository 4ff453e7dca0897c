import { decodeFunctionData, encodeFunctionData, type Address, type Hex } from "viem";
import type { EscrowTask } from "./escrowTypes.js";
import { coldTermsHash, hotTerms } from "./escrowTerms.js";
import { taskEscrowAbi } from "./taskEscrowAbi.js";

/** A call a TeamAccount runs through `execute(target, data, signatures)`, with the nonce its members sign. */
export interface TeamCall {
  target: Address;
  data: Hex;
  nonce: bigint;
}

/**
 * The team wallet's call that submits `resultHash` for a task awarded to it: the escrow's
 * `submit(taskId, hotTerms, coldTermsHash, resultHash)` from the task's own terms on chain, with
 * the wallet's next nonce. The member that asks and every member that signs build it the same way.
 *
 * @example
 * const call = teamSubmitCall(escrowAddress, await escrow.getTask(ref), resultHash(output), await factory.nonce(team));
 */
export function teamSubmitCall(escrow: Address, task: Pick<EscrowTask, "taskId" | "terms">, resultHash: Hex, nonce: bigint): TeamCall {
  const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "submit", args: [task.taskId, hotTerms(task.terms), coldTermsHash(task.terms), resultHash] });
  return { target: escrow, data, nonce };
}

/** The result hash a call submits, when it is the escrow's `submit` (undefined for any other call). */
export function submittedHash(data: Hex): Hex | undefined {
  try {
    const call = decodeFunctionData({ abi: taskEscrowAbi, data });
    return call.functionName === "submit" ? call.args[3] : undefined;
  } catch {
    return undefined;
  }
}
