import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";
import { ESCROW_TASK_EVENTS, type EscrowEventName } from "../protocol/taskLifecycle.js";

type EventItem = Extract<(typeof taskEscrowAbi)[number], { type: "event" }>;

/** The ABI of the events that shape a task's life, taken from the compiled TaskEscrow so it cannot drift from the contract. */
export const escrowEventsAbi = taskEscrowAbi.filter(
  (item): item is Extract<EventItem, { name: EscrowEventName }> =>
    item.type === "event" && (ESCROW_TASK_EVENTS as readonly string[]).includes(item.name),
);
