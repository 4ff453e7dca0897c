import type { Address, Hex, PublicClient } from "viem";
import { reviewDigest, reviewTypedData } from "../protocol/eip712.js";
import { signedBy } from "../protocol/signatureCheck.js";
import type { SignedReview } from "../protocol/review.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";
import type { Db } from "./db/Db.js";
import { ChainUnavailableError, ReviewRejectedError } from "./errors.js";
import { assertReviewRules, type StoredTaskParties } from "./acceptance.js";
import { insertReviews } from "./insertReviews.js";
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

/** A parsed review (lower-case hashes, checksummed addresses) with its EIP-712 digest (null: a field does not fit its type, so nobody signed it). */
export interface PreparedReview {
  review: SignedReview;
  digest: Uint8Array | null;
}

/** One review's outcome in a batch: accepted, or the typed error that refused it. */
export type ReviewResult = { ok: true; value: AcceptedReview } | { ok: false; error: Error };


/**
 * The per-request part of accepting a review, needing no database: normalise it and compute its
 * EIP-712 digest. The signature is checked with the rest of its batch ({@link acceptReviews}).
 *
 * @example
 * const prepared = prepareReview(chainId, escrow, signed);
 */
export function prepareReview(chainId: number, escrow: Address, input: SignedReview): PreparedReview {
  // Parsed by SignedReview: ids and hashes are lower-case, addresses checksummed.
  const review = input;
  const { signature: _s, ...fields } = review;
  try {
    return { review, digest: reviewDigest(chainId, escrow, fields) };
  } catch {
    return { review, digest: null };
  }
}

/**
 * Accepts a batch of prepared reviews with the rules of {@link acceptReview}, checked per review
 * in the same order (rules, an earlier stored review, the signature, then the write), but with
 * one query for the batch's tasks, one for stored duplicates and one transaction with a
 * multi-row insert. Within a batch the first valid review of a (task, reviewer) wins; a forged
 * one never blocks an honest one. Every review gets its own result: nothing is dropped.
 *
 * @example
 * const results = await acceptReviews(opts, inputs.map((r) => prepareReview(chainId, escrow, r)));
 */
export async function acceptReviews(opts: AcceptReviewOptions, batch: readonly PreparedReview[]): Promise<ReviewResult[]> {
  const { db } = opts;
  const results: (ReviewResult | undefined)[] = new Array(batch.length);
  const fail = (i: number, error: Error) => (results[i] = { ok: false, error });
  const taskIds = [...new Set(batch.map((p) => p.review.taskId))];
  const taskRows = await db.query<LeafTask & { task_id: Hex }>(
    "SELECT task_id, client, worker, status, outcome, worker_bps, claimed_bps FROM tasks WHERE task_id = ANY($1::text[]) ORDER BY funded_block",
    [taskIds],
  );
  const stored = new Set(
    (
      await db.query<{ task_id: string; reviewer: string }>(
        "SELECT task_id, reviewer FROM reviews WHERE task_id = ANY($1::text[]) AND reviewer = ANY($2::text[])",
        [taskIds, [...new Set(batch.map((p) => p.review.reviewer))]],
      )
    ).map((r) => `${r.task_id}|${r.reviewer}`),
  );

  const passed: { i: number; task: LeafTask & { outcome: ReviewOutcome } }[] = [];
  for (const [i, { review }] of batch.entries()) {
    try {
      const task = reviewedTask(review, taskRows.filter((t) => t.task_id === review.taskId));
      assertReviewRules(review, task, opts.now, opts.maxFutureSkew);
      if (stored.has(`${review.taskId}|${review.reviewer}`)) throw duplicate(review.taskId, review.reviewer);
      passed.push({ i, task });
    } catch (err) {
      fail(i, err as Error);
    }
  }
  // The ECDSA signatures of the reviews that passed (protocol/signatureCheck.ts); one that is not
  // the reviewer's may be a contract wallet's (ERC-1271/6492).
  const valid = await Promise.all(
    passed.map(({ i }) => {
      const { digest, review } = batch[i]!;
      return (digest !== null && signedBy(digest, review.signature, review.reviewer)) || contractWalletSigned(opts, review);
    }),
  );
  const seen = new Set<string>();
  const toInsert: typeof passed = [];
  for (const [k, p] of passed.entries()) {
    const { review } = batch[p.i]!;
    const v = valid[k]!;
    if (v instanceof Error) fail(p.i, v);
    else if (!v) fail(p.i, new ReviewRejectedError("BAD_SIGNATURE", `signature is not ${review.reviewer}'s`, { reviewer: review.reviewer }));
    else if (seen.has(`${review.taskId}|${review.reviewer}`)) fail(p.i, duplicate(review.taskId, review.reviewer));
    else {
      seen.add(`${review.taskId}|${review.reviewer}`);
      toInsert.push(p);
    }
  }
  if (toInsert.length > 0) {
    // The id is the Merkle leaf: the signed fields and the reviewed task's worker, claim and delivery.
    const rows = toInsert.map(({ i, task }) => {
      const review = { ...batch[i]!.review, ...leafTaskFacts(task) };
      const { signature: _s, ...leaf } = review;
      return { review, id: reviewLeafHash(leaf), outcome: task.outcome, client: task.client };
    });
    const { epoch, inserted } = await insertReviews(db, rows, opts.now, opts.epochSeconds);
    for (const [k, { i, task }] of toInsert.entries()) {
      const { review } = batch[i]!;
      const { id } = rows[k]!;
      // Not inserted: another batch or process stored this reviewer's review of the task first.
      if (inserted.has(id)) results[i] = { ok: true, value: { id, epoch, outcome: task.outcome } };
      else fail(i, duplicate(review.taskId, review.reviewer));
    }
  }
  return results.map((r) => r!);
}

/**
 * The escrow keys tasks by (client, id), so one id may name several tasks (anyone can fund their
 * own under an announced id). The reviewed task is the one whose client and worker are exactly
 * the reviewer and the subject (the settled one, if two parties hired each other under one id).
 */
function reviewedTask<T extends StoredTaskParties>(review: SignedReview, tasks: T[]): T | undefined {
  const ofParties = tasks.filter(
    (t) => (review.reviewer === t.client && review.subject === t.worker) || (review.reviewer === t.worker && review.subject === t.client),
  );
  const candidates = ofParties.length > 0 ? ofParties : tasks;
  return candidates.find((t) => t.outcome !== null) ?? candidates[0];
}

/** A task row with what a leaf needs beyond the parties: the split's worker share and the signed claim. */
type LeafTask = StoredTaskParties & { worker_bps: number | null; claimed_bps: number | null };

/** The reviewed task's worker, signed claim and delivered success: what the leaf adds to the signed review. */
function leafTaskFacts(t: LeafTask & { outcome: ReviewOutcome }): LeafTaskFacts {
  return { worker: t.worker, claimedSuccessBps: Number(t.claimed_bps ?? 0), deliveredBps: deliveredBpsOf(t.outcome, t.worker_bps === null ? null : Number(t.worker_bps)) };
}

/** viem's full check (ERC-1271/6492); a failed RPC is a ChainUnavailableError, never a verdict of forgery. */
async function contractWalletSigned(opts: AcceptReviewOptions, review: SignedReview): Promise<boolean | Error> {
  const { signature, ...fields } = review;
  const typed = reviewTypedData(opts.chainId, opts.escrow, fields);
  const unavailable = (cause: unknown) => new ChainUnavailableError("cannot check the review signature: the chain RPC failed", cause);
  try {
    if (await opts.publicClient.verifyTypedData({ address: review.reviewer, ...typed, message: { ...typed.message }, signature })) return true;
  } catch (cause) {
    return unavailable(cause);
  }
  // viem also answers false when its eth_call could not reach the chain: tell that apart.
  try {
    await opts.publicClient.getBlockNumber({ cacheTime: 0 });
  } catch (cause) {
    return unavailable(cause);
  }
  return false;
}

export function duplicate(taskId: Hex, reviewer: Address): ReviewRejectedError {
  return new ReviewRejectedError("DUPLICATE_REVIEW", `${reviewer} already reviewed task ${taskId}`, { taskId, reviewer });
}
