import { getAddress, isAddressEqual, recoverTypedDataAddress, type Address, type Hex, type PublicClient } from "viem";
import { reviewTypedData } from "../protocol/eip712.js";
import type { SignedReview } from "../protocol/review.js";
import type { Db } from "./db/Db.js";
import { ChainUnavailableError, ReviewRejectedError } from "./errors.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";
import { assertReviewRules, type StoredTaskParties } from "./acceptance.js";
import { epochOf } from "./epochs.js";
import { reviewLeafHash } from "./merkle/index.js";
import { deliveredBpsOf, type LeafTaskFacts } from "../protocol/reviewLeaf.js";

export interface AcceptReviewOptions {
  db: Db;
  publicClient: PublicClient;
  chainId: number;
  escrow: Address;
  epochSeconds: number;
  /** Unix seconds now. */
  now: number;
  /** How far in the future a review's timestamp may lie (clock skew), in seconds. */
  maxFutureSkew?: number;
}

export interface AcceptedReview {
  /** The review's id: its Merkle leaf hash, keccak256(keccak256(abi.encode(leaf))) (leaf: protocol/reviewLeaf.ts). */
  id: Hex;
  epoch: bigint;
  outcome: ReviewOutcome;
}

/** Serialises review inserts against epoch closing, in both backends (PGlite is PostgreSQL). */
export const EPOCH_LOCK_KEY = 7_243_001;

/**
 * Checks a signed review against the rules and stores it. Accepted only if the rating is 1–5,
 * the task was funded in this escrow and has settled (released, auto-released, split by a
 * ruling or fallback, or refunded), the reviewer and subject are its client and worker (either
 * way round), the reviewer has not reviewed this task before, and the EIP-712 signature is the
 * reviewer's (EOA by local recovery; otherwise an ERC-1271/6492 contract wallet via viem's verifyTypedData).
 *
 * A review joins the epoch in which it is accepted (by the indexer's clock, never the signed
 * timestamp), so a closed epoch can never gain a review.
 *
 * @example
 * const { id } = await acceptReview({ db, publicClient, chainId, escrow, epochSeconds: 86400, now }, signed);
 */
export async function acceptReview(opts: AcceptReviewOptions, input: SignedReview): Promise<AcceptedReview> {
  const { db, publicClient, chainId, escrow } = opts;
  const review: SignedReview = {
    ...input,
    taskId: input.taskId.toLowerCase() as Hex,
    reviewer: getAddress(input.reviewer),
    subject: getAddress(input.subject),
    commentHash: input.commentHash.toLowerCase() as Hex,
    signature: input.signature.toLowerCase() as Hex,
  };
  // The escrow keys tasks by (client, id), so one id may name several tasks (anyone can fund their
  // own under an announced id). The reviewed task is the one whose client and worker are exactly
  // the reviewer and the subject (the settled one, if two parties hired each other under one id);
  // another task under the same id is never mistaken for it.
  const tasks = await db.query<StoredTaskParties & { worker_bps: number | null; claimed_bps: number | null }>(
    "SELECT client, worker, status, outcome, worker_bps, claimed_bps FROM tasks WHERE task_id = $1 ORDER BY funded_block",
    [review.taskId],
  );
  const ofParties = tasks.filter(
    (t) =>
      (review.reviewer === t.client && review.subject === t.worker) ||
      (review.reviewer === t.worker && review.subject === t.client),
  );
  const candidates = ofParties.length > 0 ? ofParties : tasks;
  const task = candidates.find((t) => t.outcome !== null) ?? candidates[0];
  assertReviewRules(review, task, opts.now, opts.maxFutureSkew);
  await assertNotDuplicate(db, review.taskId, review.reviewer);

  const { signature, ...fields } = review;
  const typed = reviewTypedData(chainId, escrow, fields);
  // Most reviewers are EOAs: recovering the signer locally settles those without a round trip
  // to the chain. Anything else (contract wallets: ERC-1271, ERC-6492) takes viem's full check.
  let valid = await recoversTo(typed, signature, review.reviewer);
  if (!valid) {
    try {
      valid = await publicClient.verifyTypedData({ address: review.reviewer, ...typed, message: { ...typed.message }, signature });
    } catch (cause) {
      throw new ChainUnavailableError("cannot check the review signature: the chain RPC failed", cause);
    }
  }
  // viem also answers false when its ERC-1271/6492 eth_call could not reach the chain; a dead
  // RPC must not brand a contract wallet's honest review as forged.
  if (!valid) await publicClient.getBlockNumber({ cacheTime: 0 }).catch((cause: unknown) => {
    throw new ChainUnavailableError("cannot check the review signature: the chain RPC failed", cause);
  });
  if (!valid) throw new ReviewRejectedError("BAD_SIGNATURE", `signature is not ${review.reviewer}'s`, { reviewer: review.reviewer });

  const outcome = task.outcome;
  const facts = leafTaskFacts(task);
  const id = reviewLeafHash({ ...fields, ...facts });
  const client = task.client;
  const epoch = await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [EPOCH_LOCK_KEY]);
    const [last] = await tx.query<{ max: string | number | null }>("SELECT MAX(epoch) AS max FROM epochs");
    const current = epochOf(opts.now, opts.epochSeconds);
    const epoch = last?.max != null && BigInt(last.max) >= current ? BigInt(last.max) + 1n : current;
    const inserted = await tx.query(
      `INSERT INTO reviews (id, task_id, reviewer, subject, rating, comment_hash, ts, signature, outcome, epoch, accepted_at, client, worker, claimed_bps, delivered_bps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING id`,
      [id, review.taskId, review.reviewer, review.subject, review.rating, review.commentHash, review.timestamp, signature, outcome, epoch, opts.now, client, facts.worker, facts.claimedSuccessBps, facts.deliveredBps],
    );
    if (inserted.length === 0) throw duplicate(review.taskId, review.reviewer);
    return epoch;
  });
  return { id, epoch, outcome };
}

/** The reviewed task's worker, signed claim and delivered success: what the leaf adds to the signed review. */
function leafTaskFacts(t: StoredTaskParties & { outcome: ReviewOutcome; worker_bps: number | null; claimed_bps: number | null }): LeafTaskFacts {
  return { worker: t.worker, claimedSuccessBps: t.claimed_bps ?? 0, deliveredBps: deliveredBpsOf(t.outcome, t.worker_bps) };
}

/** True when the ECDSA signer of `typed` is `expected`; false for any signature that does not recover. */
async function recoversTo(typed: ReturnType<typeof reviewTypedData>, signature: Hex, expected: Address): Promise<boolean> {
  try {
    return isAddressEqual(await recoverTypedDataAddress({ ...typed, message: { ...typed.message }, signature }), expected);
  } catch {
    return false;
  }
}

async function assertNotDuplicate(db: Db, taskId: Hex, reviewer: Address): Promise<void> {
  const rows = await db.query("SELECT 1 FROM reviews WHERE task_id = $1 AND reviewer = $2", [taskId, reviewer]);
  if (rows.length > 0) throw duplicate(taskId, reviewer);
}

function duplicate(taskId: Hex, reviewer: Address): ReviewRejectedError {
  return new ReviewRejectedError("DUPLICATE_REVIEW", `${reviewer} already reviewed task ${taskId}`, { taskId, reviewer });
}
