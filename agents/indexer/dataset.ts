import { keccak256, stringToBytes, type Address, type Hex } from "viem";
import { REVIEW_LEAF_TYPES } from "../protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../protocol/reviewLeaf.js";
import type { ReviewOutcome } from "../protocol/taskLifecycle.js";

/** A stored review, as it appears in an epoch's dataset. */
export interface DatasetReview extends ReviewLeaf {
  signature: Hex;
  outcome: ReviewOutcome;
  /** Merkle leaf hash = the review's id. */
  id: Hex;
}

export const DATASET_FORMAT = "agent-market/review-dataset@2";

/**
 * Puts an epoch's reviews in the canonical order: ascending leaf hash (the review id). Leaf
 * hashes are unique per (task, reviewer), so the order is total and independent of how the
 * database returned the rows.
 */
export function canonicalOrder<T extends { id: Hex }>(reviews: readonly T[]): T[] {
  // Ids are leaf hashes, lower-case hex (as Hash32 decodes them): comparing them as strings is comparing their bytes.
  return [...reviews].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The published dataset of one epoch, as JSON text. Format `agent-market/review-dataset@2`:
 *
 * ```json
 * { "format": "agent-market/review-dataset@2", "chainId": 31337, "escrow": "0x…",
 *   "epoch": "20413", "epochSeconds": 86400, "start": "1763683200", "end": "1763769600",
 *   "leafEncoding": ["bytes32","address","address","uint8","bytes32","uint64","address","uint16","uint16"],
 *   "order": "leafHash ascending", "root": "0x…", "leafCount": 2,
 *   "leaves": [ { "id": "0x…", "taskId": "0x…", "reviewer": "0x…", "subject": "0x…", "rating": 5,
 *                 "commentHash": "0x…", "timestamp": "1763690000", "worker": "0x…",
 *                 "claimedSuccessBps": 9000, "deliveredBps": 10000, "signature": "0x…",
 *                 "outcome": "released" } ] }
 * ```
 *
 * Leaf i of the Merkle tree is `[taskId, reviewer, subject, rating, commentHash, timestamp, worker,
 * claimedSuccessBps, deliveredBps]` of
 * `leaves[i]` ABI-encoded as `leafEncoding` (an OpenZeppelin StandardMerkleTree), so anyone can
 * rebuild the root; signatures and outcomes let anyone re-check each review. The dataset hash
 * anchored on-chain is keccak256 of this exact UTF-8 text (no whitespace, keys in this order).
 */
export function encodeDataset(args: DatasetHeaderArgs & { reviews: readonly DatasetReview[] }): { json: string; hash: Hex } {
  const json = datasetHead({ ...args, leafCount: args.reviews.length }) + args.reviews.map(datasetLeafJson).join(",") + DATASET_TAIL;
  return { json, hash: datasetHash(json) };
}

/** What a dataset says about its epoch before its leaves. */
export interface DatasetHeaderArgs {
  chainId: number;
  escrow: Address;
  epoch: bigint;
  epochSeconds: number;
  root: Hex;
}

/** The dataset's closing text, after the last leaf. */
export const DATASET_TAIL = "]}";

/**
 * The dataset's text up to and including `"leaves":[`: a streamed dataset is this head, the
 * leaves' {@link datasetLeafJson} joined by commas, then {@link DATASET_TAIL}, byte for byte
 * what {@link encodeDataset} returns for the same reviews.
 */
export function datasetHead(args: DatasetHeaderArgs & { leafCount: number }): string {
  const len = BigInt(args.epochSeconds);
  const doc = {
    format: DATASET_FORMAT,
    chainId: args.chainId,
    escrow: args.escrow,
    epoch: args.epoch.toString(),
    epochSeconds: args.epochSeconds,
    start: (args.epoch * len).toString(),
    end: ((args.epoch + 1n) * len).toString(),
    leafEncoding: REVIEW_LEAF_TYPES,
    order: "leafHash ascending",
    root: args.root,
    leafCount: args.leafCount,
    leaves: [],
  };
  const json = JSON.stringify(doc);
  return json.slice(0, json.length - DATASET_TAIL.length);
}

/** One leaf of the dataset as JSON text. Key order is part of the format: the dataset hash is keccak256 of the exact text. */
export function datasetLeafJson(r: DatasetReview): string {
  return JSON.stringify({
    id: r.id,
    taskId: r.taskId,
    reviewer: r.reviewer,
    subject: r.subject,
    rating: r.rating,
    commentHash: r.commentHash,
    timestamp: r.timestamp.toString(),
    worker: r.worker,
    claimedSuccessBps: r.claimedSuccessBps,
    deliveredBps: r.deliveredBps,
    signature: r.signature,
    outcome: r.outcome,
  });
}

/** keccak256 of the dataset's UTF-8 bytes: what ReputationAnchor stores as the dataset hash. */
export function datasetHash(json: string): Hex {
  return keccak256(stringToBytes(json));
}
