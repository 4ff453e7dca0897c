import { taskEscrowAbi } from "../chain/taskEscrowAbi.js";

/** The TaskEscrow events that shape a task's life, as ITaskEscrow.sol declares them. */
export const ESCROW_TASK_EVENTS = [
  "TaskFunded",
  "TaskSubmitted",
  "TaskReleased",
  "TaskAutoReleased",
  "TaskDisputed",
  "TaskRuled",
  "TaskFallbackSettled",
  "TaskRefunded",
  "TaskDeclined",
  "TaskCancelRequested",
  "TaskCancelled",
] as const;

type EventItem = Extract<(typeof taskEscrowAbi)[number], { type: "event" }>;

/** Those events' ABI, taken from the compiled TaskEscrow so it cannot drift from the contract. */
export const escrowEventsAbi = taskEscrowAbi.filter(
  (item): item is Extract<EventItem, { name: EscrowEventName }> =>
    item.type === "event" && (ESCROW_TASK_EVENTS as readonly string[]).includes(item.name),
);

export type EscrowEventName = (typeof ESCROW_TASK_EVENTS)[number];

/** How a task ended for the purpose of reviews: what the money did after the work. */
export type Outcome = "released" | "auto-released" | "split" | "refunded";

export type TaskStatus =
  | "funded"
  | "submitted"
  | "disputed"
  | "released"
  | "auto-released"
  | "ruled"
  | "fallback-settled"
  | "refunded"
  | "declined"
  | "cancelled";

/**
 * What one event does to its task's status (null: leaves it as it is), and the review outcome
 * if the event settles the task.
 */
export function statusAfter(event: EscrowEventName): { status: TaskStatus | null; outcome: Outcome | null } {
  switch (event) {
    case "TaskFunded":
      return { status: "funded", outcome: null };
    case "TaskSubmitted":
      return { status: "submitted", outcome: null };
    case "TaskDisputed":
      return { status: "disputed", outcome: null };
    case "TaskCancelRequested":
      return { status: null, outcome: null };
    case "TaskReleased":
      return { status: "released", outcome: "released" };
    case "TaskAutoReleased":
      return { status: "auto-released", outcome: "auto-released" };
    case "TaskRuled":
      return { status: "ruled", outcome: "split" };
    case "TaskFallbackSettled":
      return { status: "fallback-settled", outcome: "split" };
    case "TaskRefunded":
      return { status: "refunded", outcome: "refunded" };
    // Declined and cancelled tasks never had work done: they end, but nothing is there to review.
    case "TaskDeclined":
      return { status: "declined", outcome: null };
    case "TaskCancelled":
      return { status: "cancelled", outcome: null };
    default: {
      const never: never = event;
      throw new Error(`unknown escrow event ${String(never)}`);
    }
  }
}
