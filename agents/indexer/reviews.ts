import type { SignedReview } from "../protocol/review.js";
import { acceptReviews, prepareReview, type AcceptedReview, type AcceptReviewOptions, type PreparedReview } from "./acceptBatch.js";

export type { AcceptedReview, AcceptReviewOptions, PreparedReview, ReviewResult } from "./acceptBatch.js";
export { acceptReviews, prepareReview } from "./acceptBatch.js";
export { EPOCH_LOCK_KEY } from "./insertReviews.js";

/**
 * Checks a signed review against the rules and stores it. Accepted only if the rating is 1–5,
 * the task was funded in this escrow and has settled (released, auto-released, split by a
 * ruling or fallback, or refunded), the reviewer and subject are its client and worker (either
 * way round), the reviewer has not reviewed this task before, and the EIP-712 signature is the
 * reviewer's (EOA by local recovery; otherwise an ERC-1271/6492 contract wallet via viem's verifyTypedData).
 *
 * A review joins the epoch in which it is accepted (by the indexer's clock, never the signed
 * timestamp), so a closed epoch can never gain a review. This is a batch of one of
 * {@link acceptReviews}; the HTTP API batches with {@link createReviewBatcher}.
 *
 * @throws ReviewRejectedError with the rule's code; ChainUnavailableError when a contract wallet's signature cannot be checked.
 * @example
 * const { id } = await acceptReview({ db, publicClient, chainId, escrow, epochSeconds: 86400, now }, signed);
 */
export async function acceptReview(opts: AcceptReviewOptions, input: SignedReview): Promise<AcceptedReview> {
  const [result] = await acceptReviews(opts, [prepareReview(opts.chainId, opts.escrow, input)]);
  if (!result!.ok) throw result!.error;
  return result!.value;
}

export interface ReviewBatcherOptions extends Omit<AcceptReviewOptions, "now"> {
  /** Unix seconds; read once per batch. */
  clock: () => number;
  /** Most reviews written in one transaction (default 500). */
  maxBatch?: number;
  /** Batches in flight at once: one checks signatures and reads while another commits (default 2). */
  maxInFlight?: number;
  /** Under load, how long a review may wait for others to share its batch, in ms (default 25). */
  lingerMs?: number;
  /** Reviews arriving within `lingerMs` that count as load (default 4, i.e. 160/s at 25 ms): below it a review goes at once. */
  busyArrivals?: number;
}

/**
 * Group commit for review intake: each submitted review is normalised and its digest computed on
 * arrival, and it is queued; whenever fewer than `maxInFlight` batches are in flight, everything
 * queued (up to `maxBatch`) goes to {@link acceptReviews} as one batch (its signatures checked
 * by protocol/signatureCheck.ts, the rows written in one transaction). A lone review is written at
 * once; under load (at least `busyArrivals` reviews in the last `lingerMs`) a review waits up to
 * `lingerMs` for others, so a transaction and its queries carry many reviews
 * instead of one or two. Each caller gets its own review's result or typed error.
 *
 * @example
 * const batcher = createReviewBatcher({ db, publicClient, chainId, escrow, epochSeconds, clock });
 * const { id } = await batcher.submit(signed);
 */
export function createReviewBatcher(opts: ReviewBatcherOptions) {
  const maxBatch = opts.maxBatch ?? 500;
  const maxInFlight = opts.maxInFlight ?? 2;
  const lingerMs = opts.lingerMs ?? 25;
  const busyArrivals = opts.busyArrivals ?? 4;
  type Waiting = { prepared: PreparedReview; at: number; resolve(v: AcceptedReview): void; reject(e: unknown): void };
  const queue: Waiting[] = [];
  // Arrival times of the last `busyArrivals` reviews (a ring): the oldest within lingerMs means load.
  const arrivals = new Float64Array(busyArrivals).fill(-Infinity);
  let arrived = 0;
  let inFlight = 0;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const now = performance.now();
      const busy = now - arrivals[arrived % busyArrivals]! < lingerMs;
      const waited = now - queue[0]!.at;
      if (busy && queue.length < maxBatch && waited < lingerMs) {
        timer ??= setTimeout(() => {
          timer = undefined;
          pump();
        }, lingerMs - waited);
        return;
      }
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      acceptReviews({ ...opts, now: opts.clock() }, batch.map((w) => w.prepared))
        .then(
          (results) => results.forEach((r, i) => (r.ok ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.error))),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return {
    /** Accepts one review as part of the next batch; rejects with that review's typed error. */
    submit(input: SignedReview): Promise<AcceptedReview> {
      const prepared = prepareReview(opts.chainId, opts.escrow, input);
      return new Promise<AcceptedReview>((resolve, reject) => {
        const at = performance.now();
        arrivals[arrived++ % busyArrivals] = at;
        queue.push({ prepared, at, resolve, reject });
        // Let every review that arrived in this turn of the event loop join the same batch.
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
    /** Reviews waiting plus batches being written; 0 when idle. */
    get pending(): number {
      return queue.length + inFlight;
    },
  };
}
