import { zeroAddress } from "viem";
import { isTerminal, settlingEvent, TASK_STATUSES, type TaskStatus } from "../../../protocol/taskLifecycle.js";
import { EscrowTaskNotFoundError } from "../../escrowErrors.js";
import { readEscrowEvents, type ReadEscrowEventsReturnType } from "../../escrowEvents.js";
import { claimedSuccessBpsOf, termsFromFundedEvent } from "../../escrowTerms.js";
import type { EscrowTask, TaskRef } from "../../escrowTypes.js";
import { taskEscrowAbi } from "../../taskEscrowAbi.js";
import { taskKey, type EscrowBaseClient, type TaskEventCache } from "../baseClient.js";
import { fundedEvent } from "./getTerms.js";
import { payoutsToCredit } from "./payoutsToCredit.js";

export type GetTaskParameters = TaskRef;
export type GetTaskReturnType = EscrowTask;
export type GetTaskErrorType = EscrowTaskNotFoundError;

/** The args of the task's last `eventName` event, if it has one. */
async function lastArgs<N extends "TaskSubmitted" | "TaskDisputed">(client: EscrowBaseClient, task: TaskRef, eventName: N) {
  const logs: ReadEscrowEventsReturnType<N> = await readEscrowEvents(client.publicClient, { address: client.address, eventName, taskId: task.taskId, args: { client: task.client }, fromBlock: client.fromBlock });
  return logs.at(-1)?.args as ReadEscrowEventsReturnType<N>[number]["args"] | undefined;
}

/** The terminal event of a settled task names how the amount was split. */
async function settlement(client: EscrowBaseClient, task: TaskRef, status: TaskStatus): Promise<EscrowTask["settlement"]> {
  const eventName = settlingEvent(status);
  if (!eventName) return undefined;
  const logs = await readEscrowEvents(client.publicClient, { address: client.address, eventName, taskId: task.taskId, args: { client: task.client }, fromBlock: client.fromBlock });
  const a = logs.at(-1)?.args as { workerPayout?: bigint; fee?: bigint; clientRefund?: bigint } | undefined;
  if (!a) return undefined;
  return { workerPayout: a.workerPayout ?? 0n, fee: a.fee ?? 0n, clientRefund: a.clientRefund ?? 0n };
}

/** Keeps a lookup as the cached answer once it found something; an empty answer or a failure is asked again next time. */
function once<K extends keyof TaskEventCache>(seen: TaskEventCache, key: K, lookup: () => NonNullable<TaskEventCache[K]>) {
  const hit = seen[key];
  if (hit) return hit;
  const p = lookup();
  seen[key] = p;
  const forget = () => delete seen[key];
  (p as Promise<unknown>).then((v) => v === undefined && forget(), forget);
  return p;
}

/**
 * One escrow as its status, terms and events tell it; EscrowTaskNotFoundError if it was never funded.
 * Each event is emitted at most once per task and never changes once seen, so it is looked up once;
 * a task still Funded (or Submitted) cannot have a later event yet, so no log scan is spent on it.
 * Every scan walks the chain's logs, so agents read a task only when an event or a deadline asks
 * for it (runtime/TaskFollower.ts).
 *
 * @example
 * const task = await getTask(client, { client: bid.client, taskId: bid.taskId });
 * if (task.status === "Submitted") console.log(task.submission?.reviewDeadline);
 */
export async function getTask(client: EscrowBaseClient, parameters: GetTaskParameters): Promise<GetTaskReturnType> {
  const { taskId } = parameters;
  const [code, since] = await client.publicClient.readContract({
    address: client.address,
    abi: taskEscrowAbi,
    functionName: "taskState",
    args: [parameters.client, taskId],
  });
  const status = TASK_STATUSES[code];
  if (!status || status === "None") throw new EscrowTaskNotFoundError(taskId, parameters.client);
  const key = taskKey(parameters);
  const seen = client.cache.events.get(key) ?? {};
  client.cache.events.set(key, seen);
  const fresh = status !== "Funded";
  const [funded, submitted, disputed, cancelRequestedBy, settled, toCredit] = await Promise.all([
    once(seen, "funded", () => fundedEvent(client, parameters)),
    fresh ? once(seen, "submitted", () => lastArgs(client, parameters, "TaskSubmitted")) : undefined,
    fresh && status !== "Submitted" ? once(seen, "disputed", () => lastArgs(client, parameters, "TaskDisputed")) : undefined,
    // The contract reports a request only in the current status of an open task: a settled one has none.
    isTerminal(status) ? zeroAddress : client.publicClient.readContract({ address: client.address, abi: taskEscrowAbi, functionName: "cancelRequestedBy", args: [parameters.client, taskId] }),
    once(seen, "settled", () => settlement(client, parameters, status)),
    payoutsToCredit(client, parameters),
  ]);
  const task: EscrowTask = {
    taskId,
    status,
    since: Number(since),
    terms: termsFromFundedEvent(funded),
    specHash: funded.specHash,
    claimedSuccessBps: claimedSuccessBpsOf(funded.settings),
    payoutsToCredit: toCredit,
  };
  if (submitted) task.submission = { resultHash: submitted.resultHash, reviewDeadline: submitted.reviewDeadline };
  if (disputed) task.dispute = { disputant: disputed.disputant, reasonHash: disputed.reasonHash, rulingDeadline: disputed.rulingDeadline };
  // The contract reports only a request made in the current status of an open task.
  if (cancelRequestedBy !== zeroAddress) task.cancelRequestedBy = cancelRequestedBy;
  if (settled) task.settlement = settled;
  return task;
}
