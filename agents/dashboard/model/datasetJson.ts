import { z } from "zod";
import { DATASET_FORMAT } from "../../indexer/dataset.js";
import { SignedReview } from "../../protocol/review.js";
import { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { Bytes32 } from "../../protocol/codecs.js";

// Pure and browser-safe: the page reads a downloaded epoch dataset with it.

/** A published dataset as read back (GET /epochs/:n/dataset, format in agents/indexer/dataset.ts), checked field by field. */
export const DatasetJson = z.object({
  format: z.literal(DATASET_FORMAT),
  chainId: z.number().int().positive(),
  epoch: z.string().regex(/^[0-9]+$/),
  root: Bytes32,
  leafCount: z.number().int().positive(),
  leaves: z.array(SignedReview.extend({ worker: ReviewLeaf.shape.worker, claimedSuccessBps: ReviewLeaf.shape.claimedSuccessBps, deliveredBps: ReviewLeaf.shape.deliveredBps, id: Bytes32, outcome: z.string() })),
});
export type DatasetJson = z.infer<typeof DatasetJson>;
