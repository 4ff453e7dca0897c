import type { Address, BlockNumber, BlockTag, GetContractEventsReturnType, Hex, PublicClient } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import { ESCROW_TASK_EVENTS, type EscrowEventName } from "../protocol/taskLifecycle.js";
import { taskEscrowAbi } from "./taskEscrowAbi.js";

type EventItem = Extract<(typeof taskEscrowAbi)[number], { type: "event" }>;

/** The ABI of the events that shape a task's life, taken from the compiled TaskEscrow so it cannot drift from the contract. */
export const escrowEventsAbi = taskEscrowAbi.filter(
  (item): item is Extract<EventItem, { name: EscrowEventName }> =>
    item.type === "event" && (ESCROW_TASK_EVENTS as readonly string[]).includes(item.name),
);

export type ReadEscrowEventsParameters<N extends EscrowEventName | undefined> = {
  /** The TaskEscrow contract. */
  address: Address;
  /** Only this event (all task events when omitted). */
  eventName?: N;
  /** Only this task's events. */
  taskId?: Hex;
  /** Indexed arguments to match (with `eventName`), e.g. `{ worker }` for TaskFunded. */
  args?: Partial<Record<"client" | "worker", Address>>;
  fromBlock?: BlockNumber | BlockTag;
  toBlock?: BlockNumber | BlockTag;
};

/** Decoded logs, in chain order (block, then log index). */
export type ReadEscrowEventsReturnType<N extends EscrowEventName | undefined> = GetContractEventsReturnType<
  typeof escrowEventsAbi,
  N extends EscrowEventName ? N : undefined,
  true
>;

/**
 * The one reader of TaskEscrow's task events: the escrow binding, the indexer's ingest and the
 * demo's chain report all read through it. Logs come back decoded (strict: every argument
 * present) and sorted by block and log index.
 *
 * @param client a viem public client
 * @param parameters the escrow, and optionally one event, one task and a block range
 * @returns the matching events in chain order
 * @example
 * const [funded] = await readEscrowEvents(publicClient, { address: escrow, eventName: "TaskFunded", taskId });
 */
export async function readEscrowEvents<N extends EscrowEventName | undefined = undefined>(
  client: PublicClient,
  parameters: ReadEscrowEventsParameters<N>,
): Promise<ReadEscrowEventsReturnType<N>> {
  const { address, eventName, taskId, fromBlock, toBlock } = parameters;
  const args = eventName ? { ...parameters.args, ...(taskId ? { taskId } : {}) } : undefined;
  const logs = (await client.getContractEvents({
    address,
    abi: escrowEventsAbi,
    ...(eventName ? { eventName } : {}),
    ...(args ? { args } : {}),
    fromBlock,
    toBlock,
    strict: true,
  } as Parameters<typeof client.getContractEvents>[0])) as unknown as ReadEscrowEventsReturnType<N>;
  const matching = taskId && !eventName ? logs.filter((l) => (l.args as { taskId: Hex }).taskId === toHash32(taskId)) : logs;
  return [...matching].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  ) as ReadEscrowEventsReturnType<N>;
}
