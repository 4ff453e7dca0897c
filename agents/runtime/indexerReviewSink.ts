import type { ReviewSink } from "./ports.js";

/** The part of the reputation indexer (agents/indexer/createIndexer.ts) that takes reviews. */
export interface ReviewIntake {
  ingestOnce(): Promise<unknown>;
  submitReview(input: unknown): Promise<unknown>;
}

/**
 * Posts agents' signed reviews to an in-process indexer. The indexer accepts a review only for
 * a task it has seen settle, and the settlement may be in the very block just mined, so it
 * ingests before each submission. `beforeSubmit` lets the caller sync the indexer's clock.
 *
 * @example
 * const reviews = indexerReviewSink(indexer);
 * new Worker({ reviews, ... });
 */
export function indexerReviewSink(indexer: ReviewIntake, beforeSubmit?: () => Promise<void>): ReviewSink {
  return {
    async postReview({ fields, signature }) {
      await beforeSubmit?.();
      await indexer.ingestOnce();
      await indexer.submitReview({ ...fields, timestamp: fields.timestamp.toString(), signature });
    },
  };
}
