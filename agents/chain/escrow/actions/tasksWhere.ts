import { isAddressEqual, type Address, type GetContractEventsErrorType } from "viem";
import { readEscrowEvents } from "../../escrowEvents.js";
import type { TaskRef } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";

export interface TasksWhereParameters {
  role: "client" | "worker" | "arbiter";
  account: Address;
}
export type TasksWhereReturnType = TaskRef[];
export type TasksWhereErrorType = GetContractEventsErrorType;

/**
 * Every funded task (client and lower-cased id) where `account` has `role`, oldest first: how an agent recovers.
 *
 * @example
 * const mine = await tasksWhere(worker, { role: "worker", account: worker.account });
 */
export async function tasksWhere(client: EscrowBaseClient, parameters: TasksWhereParameters): Promise<TasksWhereReturnType> {
  const { role, account } = parameters;
  const args = role === "client" ? { client: account } : role === "worker" ? { worker: account } : {};
  const logs = await readEscrowEvents(client.publicClient, { address: client.address, eventName: "TaskFunded", args, fromBlock: client.fromBlock });
  return logs
    .filter((l) => role !== "arbiter" || isAddressEqual(l.args.arbiter, account))
    .map((l) => ({ client: l.args.client, taskId: l.args.taskId })); // decoded by viem: checksummed, lower case
}
