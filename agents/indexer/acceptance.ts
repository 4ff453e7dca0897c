import type { Address } from "viem";
import { ReviewRejectedError } from "./errors.js";
import type { Outcome } from "./escrowEvents.js";

/** What the indexer stored about a task from the escrow's events. */
export interface StoredTaskParties {
  client: Address;
  worker: Address;
  status: string;
  /** How it settled; null while it is open. */
  outcome: Outcome | null;
}

/** The fields of a review the rules look at; addresses checksummed. */
export interface ReviewClaim {
  taskId: string;
  reviewer: Address;
  subject: Address;
  rating: number;
  timestamp: bigint;
}

/** Default clock skew a review's timestamp may be ahead of the indexer's clock, in seconds. */
export const MAX_FUTURE_SKEW = 300;

/**
 * The acceptance rules that need no I/O, in the order they are reported: rating 1–5, timestamp
 * at most `maxFutureSkew` seconds ahead of `now`, the task funded in this escrow (`task`
 * defined) and settled, and reviewer and subject its client and worker, either way round.
 * Signature and duplicate checks need the chain and the database and stay in acceptReview.
 *
 * @throws ReviewRejectedError with the rule's code.
 * @example
 * assertReviewRules(review, await taskRow(db, review.taskId), now); // then the signature
 */
export function assertReviewRules(
  review: ReviewClaim,
  task: StoredTaskParties | undefined,
  now: number,
  maxFutureSkew: number = MAX_FUTURE_SKEW,
): asserts task is StoredTaskParties & { outcome: Outcome } {
  if (review.rating < 1 || review.rating > 5) {
    throw new ReviewRejectedError("RATING_OUT_OF_RANGE", `rating ${review.rating} is not 1-5`, { rating: review.rating });
  }
  if (review.timestamp > BigInt(now) + BigInt(maxFutureSkew)) {
    throw new ReviewRejectedError("TIMESTAMP_IN_FUTURE", `review time ${review.timestamp} is in the future`, {
      timestamp: review.timestamp.toString(),
      now,
    });
  }
  if (!task) throw new ReviewRejectedError("UNKNOWN_TASK", `task ${review.taskId} is not funded in this escrow`, { taskId: review.taskId });
  if (task.outcome === null) {
    throw new ReviewRejectedError("TASK_NOT_SETTLED", `task ${review.taskId} is ${task.status}, not settled`, {
      taskId: review.taskId,
      status: task.status,
    });
  }
  const parties =
    (review.reviewer === task.client && review.subject === task.worker) ||
    (review.reviewer === task.worker && review.subject === task.client);
  if (!parties) {
    throw new ReviewRejectedError("WRONG_PARTIES", "reviewer and subject must be the task's client and worker", {
      taskId: review.taskId,
      reviewer: review.reviewer,
      subject: review.subject,
    });
  }
}
