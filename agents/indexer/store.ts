import { zeroAddress, type Address, type Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import type { Db } from "./db/Db.js";
import type { ReviewColumns } from "./db/reviewColumns.js";
import type { DatasetReview } from "./dataset.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";
import { readDatasetPages } from "./datasetPages.js";

/** A review as stored, with the epoch it joined. */
export interface StoredReview extends DatasetReview {
  epoch: bigint;
  acceptedAt: number;
}

export interface ReviewRow extends ReviewColumns {
  signature: Hex;
  outcome: ReviewOutcome;
  epoch: string | number;
  accepted_at: string | number;
  worker: Address | null;
  claimed_bps: number | null;
  delivered_bps: number | null;
}

export const REVIEW_COLUMNS = "id, task_id, reviewer, subject, rating, comment_hash, ts, signature, outcome, epoch, accepted_at, worker, claimed_bps, delivered_bps";

/** A stored row as a review (addresses and hashes as stored, numbers parsed). */
export function toReview(r: ReviewRow): StoredReview {
  return {
    id: r.id,
    taskId: r.task_id,
    reviewer: r.reviewer,
    subject: r.subject,
    rating: Number(r.rating),
    commentHash: r.comment_hash,
    timestamp: BigInt(r.ts),
    // Rows from before the leaf carried the task's facts have none (their ids are the old leaf's).
    worker: r.worker ?? zeroAddress,
    claimedSuccessBps: Number(r.claimed_bps ?? 0),
    deliveredBps: Number(r.delivered_bps ?? 0),
    signature: r.signature,
    outcome: r.outcome,
    epoch: BigInt(r.epoch),
    acceptedAt: Number(r.accepted_at),
  };
}

export async function getReview(db: Db, id: Hex): Promise<StoredReview | null> {
  const rows = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE id = $1`, [toHash32(id)]);
  return rows[0] ? toReview(rows[0]) : null;
}

/** The reviews an epoch's tree is built from: orphaned ones (settlement lost in a reorg) are left out. */
export async function reviewsOfEpoch(db: Db, epoch: bigint): Promise<StoredReview[]> {
  return (await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE epoch = $1 AND NOT orphaned`, [epoch])).map(toReview);
}

/** Reviews about `subject` that count towards its score (not orphaned by a reorg). */
export async function reviewsAbout(db: Db, subject: Address): Promise<StoredReview[]> {
  return (await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE subject = $1 AND NOT orphaned ORDER BY ts`, [subject])).map(toReview);
}

export type EpochStatus = "built" | "sent" | "anchored";

export interface EpochRecord {
  epoch: bigint;
  status: EpochStatus;
  root: Hex;
  leafCount: number;
  datasetHash: Hex;
  txHash: Hex | null;
  anchoredBlock: bigint | null;
}

interface EpochRow {
  epoch: string | number;
  status: EpochStatus;
  root: Hex;
  leaf_count: number;
  dataset_hash: Hex;
  tx_hash: Hex | null;
  anchored_block: string | number | null;
}

export async function getEpoch(db: Db, epoch: bigint): Promise<EpochRecord | null> {
  const rows = await db.query<EpochRow>(
    "SELECT epoch, status, root, leaf_count, dataset_hash, tx_hash, anchored_block FROM epochs WHERE epoch = $1",
    [epoch],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    epoch: BigInt(r.epoch),
    status: r.status,
    root: r.root,
    leafCount: Number(r.leaf_count),
    datasetHash: r.dataset_hash,
    txHash: r.tx_hash,
    anchoredBlock: r.anchored_block === null ? null : BigInt(r.anchored_block),
  };
}

/**
 * An epoch's dataset text, in pieces to stream: its stored pages in order (epochs closed since
 * datasets are streamed) or the one text of an epoch closed before; null when the epoch has none.
 */
export async function getEpochDataset(db: Db, epoch: bigint): Promise<AsyncIterable<string> | null> {
  const rows = await db.query<{ dataset: string | null; dataset_pages: number | null }>("SELECT dataset, dataset_pages FROM epochs WHERE epoch = $1", [epoch]);
  const row = rows[0];
  if (row?.dataset_pages != null) return readDatasetPages(db, epoch, Number(row.dataset_pages));
  if (row?.dataset == null) return null;
  const text = row.dataset;
  return (async function* () {
    yield text;
  })();
}

export async function getEpochTree(db: Db, epoch: bigint): Promise<Uint8Array | null> {
  const rows = await db.query<{ tree: Uint8Array }>("SELECT tree FROM epochs WHERE epoch = $1", [epoch]);
  return rows[0]?.tree ? new Uint8Array(rows[0].tree) : null;
}
