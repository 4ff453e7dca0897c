import type { Hex } from "viem";
import type { ReviewFields } from "../protocol/eip712.js";
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

/** Refusals that mean "not yet": the indexer has not ingested the settlement, or is not reachable. */
const TRANSIENT = new Set(["TASK_NOT_SETTLED", "UNKNOWN_TASK", "INDEXER_UNAVAILABLE", "CHAIN_UNAVAILABLE", "RATE_LIMITED"]);

export interface RetryOptions {
  /** First wait (250 ms); each next wait doubles up to `maxDelayMs`. */
  delayMs?: number;
  /** Longest single wait (4 s). */
  maxDelayMs?: number;
  /** Stop retrying once this much time has passed since the first attempt (90 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Posts reviews to a remote indexer. The indexer only accepts a review once it has ingested the
 * task's settlement, which lags the chain by its polling interval and confirmations, so a
 * "not settled yet" or "unknown task" refusal (and an unreachable indexer) is retried with
 * exponential backoff for a bounded time; any other refusal fails at once.
 *
 * @example
 * const reviews = remoteReviewSink(new IndexerClient(process.env.INDEXER_URL ?? DEFAULT_INDEXER_URL));
 */
export function remoteReviewSink(client: ReviewPoster, opts: RetryOptions = {}): ReviewSink {
  const maxDelayMs = opts.maxDelayMs ?? 4_000;
  const maxWaitMs = opts.maxWaitMs ?? 90_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  return {
    async postReview({ fields, signature }) {
      const started = now();
      for (let delay = opts.delayMs ?? 250; ; delay = Math.min(delay * 2, maxDelayMs)) {
        try {
          await client.postReview({ ...fields, signature });
          return;
        } catch (err) {
          const code = (err as { code?: string }).code;
          const left = maxWaitMs - (now() - started);
          if (!TRANSIENT.has(code ?? "") || left <= 0) throw err;
          await sleep(Math.min(delay, left));
        }
      }
    },
  };
}
