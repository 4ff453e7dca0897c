import { z } from "zod";

/**
 * A task's life, in one place: the escrow's statuses, the outcomes agents report and the indexer
 * stores, and the single map from one to the other. Every other module imports these names.
 */

/** Status names in the order of `ITaskEscrow.Status`. From "Released" on they are terminal. */
export const TASK_STATUSES = [
  "None",
  "Funded",
  "Submitted",
  "Disputed",
  "Released",
  "AutoReleased",
  "Ruled",
  "FallbackSettled",
  "Refunded",
  "Declined",
  "Cancelled",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A status after which nothing changes: the money has gone somewhere. */
export function isTerminal(status: TaskStatus): boolean {
  return TASK_STATUSES.indexOf(status) >= TASK_STATUSES.indexOf("Released");
}

/**
 * How a task ended, as messages, reports, the demo and the indexer's tables spell it: the
 * lower-case name of its terminal status, plus `disputed` (a report that a dispute began) and
 * `unawarded` (no bid was funded).
 */
export const Outcome = z.enum([
  "released",
  "auto-released",
  "disputed",
  "ruled",
  "fallback-settled",
  "refunded",
  "declined",
  "cancelled",
  "unawarded",
]);
export type Outcome = z.infer<typeof Outcome>;

/** The outcome of each terminal status: the single status-to-outcome map. */
const OUTCOME_OF = {
  Released: "released",
  AutoReleased: "auto-released",
  Ruled: "ruled",
  FallbackSettled: "fallback-settled",
  Refunded: "refunded",
  Declined: "declined",
  Cancelled: "cancelled",
} as const satisfies Partial<Record<TaskStatus, Outcome>>;

/** An outcome the escrow itself records (every terminal status has exactly one). */
export type SettledOutcome = (typeof OUTCOME_OF)[keyof typeof OUTCOME_OF];

/**
 * The outcome of a terminal status; undefined while the task is still open.
 * @example outcomeOf("AutoReleased") // "auto-released"
 */
export function outcomeOf(status: TaskStatus): SettledOutcome | undefined {
  return (OUTCOME_OF as Partial<Record<TaskStatus, SettledOutcome>>)[status];
}

/** A status as the indexer's tables and the dashboard spell it (see {@link statusName}). */
export type StatusName = SettledOutcome | "none" | "funded" | "submitted" | "disputed";

/** Every status's name: the open ones spelled here, the terminal ones by their outcome. */
const STATUS_NAME = { None: "none", Funded: "funded", Submitted: "submitted", Disputed: "disputed", ...OUTCOME_OF } as const satisfies Record<TaskStatus, StatusName>;

/**
 * A status as the indexer's tables spell it: the outcome of a terminal status, otherwise the
 * status name in lower case (`funded`, `submitted`, `disputed`).
 * @example statusName("FallbackSettled") // "fallback-settled"
 */
export function statusName(status: TaskStatus): StatusName {
  return STATUS_NAME[status];
}

/** The status a {@link StatusName} spells (the inverse of {@link statusName}). */
export function statusOfName(name: StatusName): TaskStatus {
  return TASK_STATUSES.find((s) => statusName(s) === name)!;
}

/**
 * What a review can say about how the money moved: released, auto-released, split (an arbiter's
 * ruling or the fallback after a dispute) or refunded. Declined and cancelled tasks never had
 * work done, so nothing is there to review.
 */
export const ReviewOutcome = z.enum(["released", "auto-released", "split", "refunded"]);
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

/** @example reviewOutcomeOf("ruled") // "split" */
export function reviewOutcomeOf(outcome: Outcome): ReviewOutcome | null {
  switch (outcome) {
    case "released":
    case "auto-released":
    case "refunded":
      return outcome;
    case "ruled":
    case "fallback-settled":
      return "split";
    case "disputed":
    case "declined":
    case "cancelled":
    case "unawarded":
      return null;
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}

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
export type EscrowEventName = (typeof ESCROW_TASK_EVENTS)[number];

/** The status each event moves its task into (`TaskCancelRequested` leaves it as it is). */
const STATUS_AFTER = {
  TaskFunded: "Funded",
  TaskSubmitted: "Submitted",
  TaskDisputed: "Disputed",
  TaskReleased: "Released",
  TaskAutoReleased: "AutoReleased",
  TaskRuled: "Ruled",
  TaskFallbackSettled: "FallbackSettled",
  TaskRefunded: "Refunded",
  TaskDeclined: "Declined",
  TaskCancelled: "Cancelled",
  TaskCancelRequested: null,
} as const satisfies Record<EscrowEventName, TaskStatus | null>;

/** @example statusAfter("TaskRuled") // "Ruled" */
export function statusAfter(event: EscrowEventName): TaskStatus | null {
  return STATUS_AFTER[event];
}

/** The event that settled a task into a terminal status (its payout amounts are in its args). */
export function settlingEvent(status: TaskStatus): EscrowEventName | undefined {
  if (!isTerminal(status)) return undefined;
  return (Object.keys(STATUS_AFTER) as EscrowEventName[]).find((e) => STATUS_AFTER[e] === status);
}
