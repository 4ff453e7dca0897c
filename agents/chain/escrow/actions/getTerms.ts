import { EscrowTaskNotFoundError } from "../../escrowErrors.js";
import { readEscrowEvents } from "../../escrowEvents.js";
import { termsFromFundedEvent } from "../../escrowTerms.js";
import type { EscrowTerms, TaskRef } from "../../escrowTypes.js";
import { taskKey, type EscrowBaseClient } from "../baseClient.js";

export type GetTermsParameters = TaskRef;
export type GetTermsReturnType = EscrowTerms;
export type GetTermsErrorType = EscrowTaskNotFoundError;

/** The task's TaskFunded event's fields; EscrowTaskNotFoundError if this client never funded this id. */
export async function fundedEvent(client: EscrowBaseClient, task: TaskRef) {
  const logs = await readEscrowEvents(client.publicClient, {
    address: client.address,
    eventName: "TaskFunded",
    taskId: task.taskId,
    args: { client: task.client },
    fromBlock: client.fromBlock,
  });
  const log = logs[0];
  if (!log) throw new EscrowTaskNotFoundError(task.taskId, task.client);
  return log.args;
}

/**
 * The frozen terms of a funded task, rebuilt from its TaskFunded event (cached: they never change).
 *
 * @example
 * const terms = await getTerms(client, { client: bid.client, taskId: bid.taskId });
 */
export async function getTerms(client: EscrowBaseClient, task: GetTermsParameters): Promise<GetTermsReturnType> {
  const key = taskKey(task);
  const cached = client.cache.terms.get(key);
  if (cached) return cached;
  const terms = termsFromFundedEvent(await fundedEvent(client, task));
  client.cache.terms.set(key, terms);
  return terms;
}
