import { getAddress, type Address } from "viem";
import type { Db } from "./db/Db.js";
import { addressKey } from "../protocol/codecs.js";
import type { ReputationResponse } from "./api/schemas.js";
import { teamReviewInputs } from "./jury/teamCredit.js";
import { reputation, type ScoreInput, type ScoreParams } from "./scores.js";
import { reviewsAbout } from "./store.js";

/**
 * The indexer's reputation query: a subject's reviews as score inputs (anchored or not, by a
 * client or not, weighed by the task's value), its teams' reviews credited by share, and whom it
 * hired (for the mutual-hiring signal). The database stores task ids in lower case and addresses
 * checksummed, as the reviews carry them, so rows and reviews match with `===`.
 *
 * @example
 * const { score, signals } = await reputationApi(db, params, clock).reputation(worker);
 */
export function reputationApi(db: Db, params: ScoreParams, clock: () => number) {
  return {
    /** Score and collusion signals of `address` as a subject of reviews. */
    async reputation(address: Address): Promise<ReputationResponse> {
      const subject = getAddress(address);
      const reviews = await reviewsAbout(db, subject);
      const anchored = new Set(
        (await db.query<{ epoch: string | number }>("SELECT epoch FROM epochs WHERE status = 'anchored'")).map((r) => BigInt(r.epoch)),
      );
      const now = clock();
      // Mutual hiring: which reviews came from the subject's clients, and whom the subject hired.
      const asWorker = new Set((await db.query<{ task_id: string }>("SELECT task_id FROM tasks WHERE worker = $1", [subject])).map((r) => r.task_id));
      // What each reviewed task locked (TaskFunded): a review weighs with its task's value.
      const amounts = new Map(
        (await db.query<{ task_id: string; amount: string }>("SELECT task_id, amount FROM tasks WHERE worker = $1 OR client = $1", [subject])).map(
          (r) => [r.task_id, BigInt(r.amount)] as const,
        ),
      );
      const hired = new Set((await db.query<{ worker: string }>("SELECT DISTINCT worker FROM tasks WHERE client = $1", [subject])).map((r) => addressKey(r.worker)));
      const rep = reputation(
        reviews.map((r): ScoreInput => ({
          rating: r.rating,
          timestamp: Number(r.timestamp),
          reviewer: r.reviewer,
          verified: anchored.has(r.epoch),
          byClient: asWorker.has(r.taskId),
          // Accepted reviews are of ingested tasks; a task missing here weighs nothing.
          amount: amounts.get(r.taskId) ?? 0n,
        })).concat(await teamReviewInputs(db, subject, anchored)),
        now,
        params,
        hired,
      );
      return { address: subject, asOf: now, ...rep };
    },
  };
}
