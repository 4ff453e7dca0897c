import type { Hex } from "viem";
import type { ReviewFields } from "../protocol/review.js";
import type { ReviewSink } from "../runtime/ports.js";

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
  const ingest = coalesced(() => indexer.ingestOnce());
  return {
    async postReview({ fields, signature }) {
      await beforeSubmit?.();
      await ingest();
      await indexer.submitReview({ ...fields, timestamp: fields.timestamp.toString(), signature });
    },
  };
}

/**
 * Wraps `run` so that concurrent callers share runs: a call while a run is in flight waits for
 * the next run, which starts after that one and serves every caller that arrived meanwhile. So
 * each caller still gets a run that began after its call (an ingest that sees its settlement),
 * but reviews posted together by several agents cost one ingest, not one each.
 */
export function coalesced(run: () => Promise<unknown>): () => Promise<void> {
  let current: Promise<unknown> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<unknown> => {
    const p = run().finally(() => {
      if (current === p) current = null;
    });
    current = p;
    return p;
  };
  return async () => {
    if (!current) {
      await start();
      return;
    }
    queued ??= current
      .catch(() => {})
      .then(() => {
        queued = null;
        return start();
      })
      .then(() => {});
    await queued;
  };
}

/** The part of the indexer's HTTP client (agents/indexer/client.ts) that takes reviews. */
export interface ReviewPoster {
  postReview(review: ReviewFields & { signature: Hex }): Promise<unknown>;
}

/**
 * Posts reviews to a remote indexer. The indexer only accepts a review once it has ingested the
 * task's settlement, which lags the chain by its polling interval and confirmations, so a
 * "not settled yet" or "unknown task" refusal (and an unreachable indexer) is retried.
 *
 * @example
 * const reviews = remoteReviewSink(new IndexerClient(process.env.INDEXER_URL!));
 */
export function remoteReviewSink(
  client: ReviewPoster,
  opts: { attempts?: number; delayMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): ReviewSink {
  const attempts = opts.attempts ?? 10;
  const delayMs = opts.delayMs ?? 2_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async postReview({ fields, signature }) {
      for (let i = 1; ; i++) {
        try {
          await client.postReview({ ...fields, signature });
          return;
        } catch (err) {
          const code = (err as { code?: string }).code;
          const transient = code === "TASK_NOT_SETTLED" || code === "UNKNOWN_TASK" || code === "INDEXER_UNAVAILABLE" || code === "CHAIN_UNAVAILABLE";
          if (!transient || i >= attempts) throw err;
          await sleep(delayMs);
        }
      }
    },
  };
}
