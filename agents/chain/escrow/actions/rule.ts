import type { TaskRef, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeWithTerms, type EscrowWriteErrorType } from "../writeEscrow.js";

export type RuleParameters = TaskRef & {
  /** The worker's share of the amount, in basis points (the client gets the rest). */
  workerBps: number;
};
export type RuleReturnType = TxResult;
export type RuleErrorType = EscrowWriteErrorType;

/**
 * The arbiter splits a disputed task.
 *
 * @example
 * await rule(arbiter, { ...task, workerBps: 5_000 });
 */
export async function rule(client: EscrowBaseClient, parameters: RuleParameters): Promise<RuleReturnType> {
  return writeWithTerms(client, "rule", parameters, [parameters.workerBps]);
}
