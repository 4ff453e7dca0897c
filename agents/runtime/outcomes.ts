import type { Outcome } from "../protocol/messages.js";
import type { TaskStatus } from "./ports.js";

/** The report outcome for a terminal escrow status (undefined while the task is still open). */
export function outcomeOf(status: TaskStatus): Outcome | undefined {
  switch (status) {
    case "Released":
      return "released";
    case "AutoReleased":
      return "auto-released";
    case "Ruled":
      return "ruled";
    case "FallbackSettled":
      return "fallback-settled";
    case "Refunded":
      return "refunded";
    case "Declined":
      return "declined";
    case "Cancelled":
      return "cancelled";
    case "None":
    case "Funded":
    case "Submitted":
    case "Disputed":
      return undefined;
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

/**
 * Star rating (1-5) one party gives the other once a task has settled. The client rates the
 * work (its judge score when it judged); the worker rates how the client behaved.
 */
export function ratingFor(role: "client" | "worker", outcome: Outcome, judgeScore?: number): number {
  if (role === "client") {
    switch (outcome) {
      case "released":
        return judgeScore === undefined ? 4 : Math.max(1, Math.min(5, Math.round(judgeScore * 5)));
      case "auto-released":
        return 3;
      case "ruled":
      case "fallback-settled":
      case "disputed":
        return 2;
      case "refunded":
      case "declined":
        return 1;
      case "cancelled":
      case "unawarded":
        return 3;
      default:
        return assertNever(outcome);
    }
  }
  switch (outcome) {
    case "released":
      return 5;
    case "auto-released":
      // Paid, but only because the client went silent.
      return 3;
    case "ruled":
    case "disputed":
      return 3;
    case "fallback-settled":
      return 2;
    case "refunded":
    case "declined":
    case "cancelled":
    case "unawarded":
      return 3;
    default:
      return assertNever(outcome);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled outcome ${String(x)}`);
}
