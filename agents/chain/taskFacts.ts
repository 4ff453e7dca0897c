import { encodeEventTopics, formatLog, numberToHex, parseEventLogs, type Address, type Hex, type PublicClient, type RpcLog } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import { deliveredBpsOf } from "../protocol/reviewLeaf.js";
import { outcomeOf, reviewOutcomeOf, statusAfter } from "../protocol/taskLifecycle.js";
import { escrowEventsAbi } from "./escrowEvents.js";
import { claimedSuccessBpsOf } from "./escrowTerms.js";

/**
 * What the escrow's events say about one funded task, the facts a review leaf copies: its parties,
 * the worker's signed claim (TaskFunded `settings` bits [240, 256)) and what the settlement paid
 * the worker in basis points (null while the task is not settled by a path a review can follow).
 */
export interface ChainTaskFacts {
  taskId: Hex;
  client: Address;
  worker: Address;
  claimedSuccessBps: number;
  deliveredBps: number | null;
}

/** The events that carry those facts: the funding and the settlements a review can follow. */
const FACT_EVENTS = ["TaskFunded", "TaskReleased", "TaskAutoReleased", "TaskRuled", "TaskFallbackSettled", "TaskRefunded"] as const;
const FACT_TOPICS = FACT_EVENTS.map((eventName) => encodeEventTopics({ abi: escrowEventsAbi, eventName })[0]!);

export interface ReadTaskFactsParameters {
  /** The TaskEscrow contract. */
  address: Address;
  taskIds: readonly Hex[];
  /** The escrow's deployment block (default 0). */
  fromBlock?: bigint;
  /** Default: the latest block. */
  toBlock?: bigint;
  /** Task ids per `eth_getLogs` (an OR list on the indexed `taskId` topic); default 500. */
  idsPerCall?: number;
  /** Blocks per `eth_getLogs`, for nodes that cap a query's range; default: the whole range in one. */
  blocksPerCall?: bigint;
}

export interface ReadTaskFactsReturnType {
  /** One per funding found (a task id may be funded by several clients, each its own task). */
  tasks: ChainTaskFacts[];
  /** How many `eth_getLogs` requests it took. */
  calls: number;
}

/**
 * Reads the facts of many tasks in few requests: one `eth_getLogs` per `idsPerCall` task ids
 * (and per `blocksPerCall` blocks when set), matching the six fact events and the task ids in
 * the topics themselves, so the node returns only those tasks' logs.
 *
 * @param client a viem public client
 * @param parameters the escrow, the task ids and optionally the block range and batch sizes
 * @returns the facts of every funding of those ids, and the number of requests made
 * @example
 * const { tasks, calls } = await readTaskFacts(publicClient, { address: escrow, taskIds, fromBlock: deployBlock });
 */
export async function readTaskFacts(client: PublicClient, parameters: ReadTaskFactsParameters): Promise<ReadTaskFactsReturnType> {
  const ids = [...new Set(parameters.taskIds.map(toHash32))];
  const perCall = Math.max(1, parameters.idsPerCall ?? 500);
  const from = parameters.fromBlock ?? 0n;
  const to = parameters.toBlock ?? (parameters.blocksPerCall === undefined ? undefined : await client.getBlockNumber());
  const windows: [bigint, bigint | undefined][] = [];
  if (to === undefined || parameters.blocksPerCall === undefined) windows.push([from, to]);
  else for (let b = from; b <= to; b += parameters.blocksPerCall) windows.push([b, b + parameters.blocksPerCall - 1n < to ? b + parameters.blocksPerCall - 1n : to]);

  const logs: RpcLog[] = [];
  let calls = 0;
  for (let i = 0; i < ids.length; i += perCall) {
    const chunk = ids.slice(i, i + perCall);
    for (const [start, end] of windows) {
      calls++;
      const page = (await client.request({
        method: "eth_getLogs",
        params: [{ address: parameters.address, fromBlock: numberToHex(start), toBlock: end === undefined ? "latest" : numberToHex(end), topics: [FACT_TOPICS, chunk] }],
      })) as RpcLog[];
      logs.push(...page);
    }
  }
  return { tasks: foldFacts(logs), calls };
}

/** Folds fact events, in any order, into one record per (task id, client) that was funded. */
function foldFacts(raw: readonly RpcLog[]): ChainTaskFacts[] {
  const events = parseEventLogs({ abi: escrowEventsAbi, logs: raw.map((l) => formatLog(l)), strict: true });
  const funded = new Map<string, ChainTaskFacts>();
  const delivered = new Map<string, number>();
  for (const e of events) {
    const a = e.args as { taskId: Hex; client: Address; worker: Address; settings?: bigint; workerBps?: number };
    const key = `${a.taskId}:${a.client}`; // parseEventLogs gives ids in lower case, addresses checksummed
    if (e.eventName === "TaskFunded") {
      funded.set(key, { taskId: a.taskId, client: a.client, worker: a.worker, claimedSuccessBps: claimedSuccessBpsOf(a.settings ?? 0n), deliveredBps: null });
      continue;
    }
    const status = statusAfter(e.eventName);
    const outcome = status ? outcomeOf(status) : undefined;
    const review = outcome ? reviewOutcomeOf(outcome) : null;
    if (review) delivered.set(key, deliveredBpsOf(review, a.workerBps ?? null));
  }
  return [...funded].map(([key, f]) => ({ ...f, deliveredBps: delivered.get(key) ?? null }));
}

/**
 * {@link readTaskFacts} bound to one escrow, as the reader `provenHistory` takes.
 *
 * @example
 * const tasks = taskFactsReader(publicClient, { address: escrow, fromBlock: deployBlock });
 * const facts = await tasks([taskId]);
 */
export function taskFactsReader(client: PublicClient, o: Omit<ReadTaskFactsParameters, "taskIds">): (taskIds: readonly Hex[]) => Promise<ChainTaskFacts[]> {
  return async (taskIds) => (await readTaskFacts(client, { ...o, taskIds })).tasks;
}
