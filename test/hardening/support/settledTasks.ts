import type { Hex } from "viem";
import type { SignedReview } from "../../../agents/protocol/review.js";
import type { ReviewLeaf } from "../../../agents/protocol/reviewLeaf.js";
import { CLAIM_BPS } from "../../escrow/fixture.js";
import { indexerChain, signReview } from "../../indexer/fixtures.js";

export type IndexerChain = Awaited<ReturnType<typeof indexerChain>>;

/**
 * Funds, submits and (in batches) releases `count` real tasks on the fixture's TaskEscrow, then
 * has both parties of each sign a review of the other: 2 × `count` signed reviews that the
 * indexer's acceptance rules let in.
 *
 * @example
 * const { reviews } = await settledReviews(chain, 150); // 300 reviews
 */
export async function settledReviews(chain: IndexerChain, count: number): Promise<{ taskIds: Hex[]; reviews: SignedReview[] }> {
  const client = chain.as(chain.client);
  const worker = chain.as(chain.worker);
  const taskIds: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const bid = await chain.makeBid();
    await client.fund({ bid, signature: await chain.sign(bid) });
    await worker.submit({ ...bid, resultHash: `0x${(i + 1).toString(16).padStart(64, "0")}` });
    taskIds.push(bid.taskId);
  }
  for (let i = 0; i < taskIds.length; i += 100) await client.releaseBatch({ tasks: taskIds.slice(i, i + 100).map((taskId) => ({ client: chain.clientAddr, taskId })) });
  const timestamp = BigInt(Math.floor(Date.now() / 1000) - 60);
  const reviews: SignedReview[] = [];
  for (const [i, taskId] of taskIds.entries()) {
    reviews.push(await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId, subject: chain.workerAddr, rating: 1 + (i % 5), timestamp }));
    reviews.push(await signReview(chain.worker, chain.chainId, chain.escrowAddr, { taskId, subject: chain.clientAddr, rating: 5 - (i % 5), timestamp }));
  }
  return { taskIds, reviews };
}

/** The Merkle leaf the indexer builds for one of {@link settledReviews}' reviews (released tasks: all delivered). */
export function releasedLeaf(chain: IndexerChain, review: SignedReview): ReviewLeaf {
  const { signature: _s, ...fields } = review;
  return { ...fields, worker: chain.workerAddr, claimedSuccessBps: CLAIM_BPS, deliveredBps: 10_000 };
}
