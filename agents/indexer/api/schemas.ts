import { z } from "zod";
import { AddressString, Bytes32, ChecksumAddress, Hash32 } from "../../protocol/codecs.js";
import { SignedReview, StarRating } from "../../protocol/review.js";
import { ReviewLeaf } from "../../protocol/reviewLeaf.js";
import { ReviewOutcome } from "../../protocol/taskLifecycle.js";

/** `:id` of GET /reviews/:id — a review id is its leaf hash. */
export const ReviewIdParam = z.strictObject({ id: Hash32 });
/** `:n` of GET /epochs/:n — a decimal epoch number. */
export const EpochParam = z.strictObject({
  n: z
    .string()
    .regex(/^[0-9]{1,19}$/, "expected a decimal epoch number")
    // Epochs are stored as BIGINT: a larger number cannot name one (and must not reach the database).
    // (zod runs refinements even after the regex failed, so check digits before BigInt.)
    .refine((n) => !/^[0-9]{1,19}$/.test(n) || BigInt(n) <= 9_223_372_036_854_775_807n, "epoch number out of range"),
});
export const AddressParam = z.strictObject({ address: ChecksumAddress });

/**
 * The review part of GET /reviews/:id: an accepted signed review, the task facts its Merkle leaf
 * adds (worker, claimed and delivered success, protocol/reviewLeaf.ts) and its outcome (on the
 * wire the timestamp is a decimal string).
 */
export const ReviewBody = SignedReview.extend({ ...ReviewLeaf.shape, signature: SignedReview.shape.signature, rating: StarRating, outcome: ReviewOutcome });

/**
 * GET /reviews/:id, and the file the verify CLI accepts. `proof`, `root` and `anchorTx` are
 * present once the review's epoch is anchored.
 */
export const ReviewResponse = z.strictObject({
  id: Bytes32,
  review: ReviewBody,
  epoch: z.string().regex(/^[0-9]{1,20}$/),
  leafHash: Bytes32,
  anchored: z.boolean(),
  proof: z.array(Bytes32).optional(),
  root: Bytes32.optional(),
  anchorTx: Bytes32.optional(),
  chainId: z.number().int().positive(),
  escrow: AddressString,
  anchor: AddressString.nullable(),
});
export type ReviewResponse = z.infer<typeof ReviewResponse>;

/** POST /reviews success. */
export const ReviewAccepted = z.strictObject({
  id: Bytes32,
  status: z.literal("accepted"),
  epoch: z.string(),
  outcome: ReviewOutcome,
});
export type ReviewAccepted = z.infer<typeof ReviewAccepted>;

/** Every error body: `{ error: { code, message, details? } }`. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const EpochResponse = z.strictObject({
  epoch: z.string(),
  status: z.enum(["built", "sent", "anchored"]),
  root: Bytes32,
  leafCount: z.number().int(),
  datasetHash: Bytes32,
  txHash: Bytes32.nullable(),
  anchoredBlock: z.string().nullable(),
  start: z.string(),
  end: z.string(),
});
export type EpochResponse = z.infer<typeof EpochResponse>;

/** GET /agents/:address/reviews: every anchored review about the agent, each with its proof. */
export const AgentReviewsResponse = z.strictObject({
  address: AddressString,
  reviews: z.array(ReviewResponse),
});
export type AgentReviewsResponse = z.infer<typeof AgentReviewsResponse>;

export const ReputationResponse = z.strictObject({
  address: AddressString,
  asOf: z.number().int(),
  count: z.number().int(),
  mean: z.number().nullable(),
  bayesian: z.number(),
  verifiedShare: z.number(),
  score: z.number(),
  signals: z.strictObject({
    topReviewer: z.string().nullable(),
    topReviewerShare: z.number(),
    shift: z.number().nullable(),
    dominanceFlag: z.boolean(),
    shiftFlag: z.boolean(),
    mutualHires: z.number().int(),
    mutualHireShare: z.number(),
    mutualHireFlag: z.boolean(),
  }),
});
export type ReputationResponse = z.infer<typeof ReputationResponse>;
