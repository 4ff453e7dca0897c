import type { Outcome } from "../protocol/taskLifecycle.js";

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
