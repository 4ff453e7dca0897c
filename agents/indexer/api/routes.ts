import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { SignedReview } from "../../protocol/review.js";
import { DATASET_FORMAT } from "../dataset.js";
import { CalibrationResponse } from "./calibrationSchemas.js";
import { AgentIdParam, AgentListQuery, AgentListResponse, RegisteredAgentResponse } from "./agentSchemas.js";
import { AddressParam, AgentReviewsResponse, EpochParam, EpochResponse, ErrorBody, ReputationResponse, ReviewAccepted, ReviewIdParam, ReviewResponse } from "./schemas.js";

/**
 * The indexer's routes as OpenAPI route definitions: the same zod schemas validate the requests
 * (app.ts) and describe them in the OpenAPI 3.1 document served at `/openapi.json`.
 */

const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { "application/json": { schema } }, description });
const error = (description: string) => json(ErrorBody, description);

/** Error answers every route can give: a rate limit and a failed chain read. */
const common = {
  429: error("RATE_LIMITED: the client's token bucket is empty"),
  500: error("INTERNAL: an unexpected failure"),
  503: error("CHAIN_UNAVAILABLE: the chain or the database could not be read"),
} as const;

export const postReviewRoute = createRoute({
  method: "post",
  path: "/reviews",
  summary: "Submit a signed review",
  description:
    "An EIP-712 `Review` (domain AgentReview v1, the escrow) signed by its reviewer. Accepted only if its task is settled in the escrow, reviewer and subject are the task's two parties, and it is the reviewer's first review of the task. Its id is its Merkle leaf hash.",
  request: { body: { content: { "application/json": { schema: SignedReview } }, required: true } },
  responses: {
    201: json(ReviewAccepted, "accepted"),
    400: error("INVALID_JSON or INVALID_INPUT (the body is not a signed review)"),
    409: error("DUPLICATE_REVIEW: this reviewer already reviewed this task"),
    413: error("BODY_TOO_LARGE"),
    415: error("UNSUPPORTED_MEDIA_TYPE: send application/json"),
    422: error("BAD_SIGNATURE, UNKNOWN_TASK, TASK_NOT_SETTLED, WRONG_PARTIES, RATING_OUT_OF_RANGE or TIMESTAMP_IN_FUTURE"),
    ...common,
  },
});

export const getReviewRoute = createRoute({
  method: "get",
  path: "/reviews/{id}",
  summary: "A review with its Merkle proof",
  description: "`proof`, `root` and `anchorTx` are present once the review's epoch is anchored.",
  request: { params: ReviewIdParam },
  responses: { 200: json(ReviewResponse, "the review"), 400: error("INVALID_INPUT"), 404: error("NOT_FOUND"), ...common },
});

export const reputationRoute = createRoute({
  method: "get",
  path: "/agents/{address}/reputation",
  summary: "An agent's reputation score and collusion signals",
  request: { params: AddressParam },
  responses: { 200: json(ReputationResponse, "the score"), 400: error("INVALID_INPUT"), ...common },
});

export const calibrationRoute = createRoute({
  method: "get",
  path: "/agents/{address}/calibration",
  summary: "A worker's claimed against delivered success over its settled tasks",
  description:
    "Per settled task of the worker: the claim its signed bid carried (TaskFunded `settings` bits [240, 256)) against what the settlement paid it (10000 bps released, the split's workerBps, 0 refunded). The indexer's word over every task; the same figures over the proven review leaves are what a client should trust.",
  request: { params: AddressParam },
  responses: { 200: json(CalibrationResponse, "the calibration, null without a settled task"), 400: error("INVALID_INPUT"), ...common },
});

export const agentReviewsRoute = createRoute({
  method: "get",
  path: "/agents/{address}/reviews",
  summary: "Every anchored review about an agent, each with its proof",
  request: { params: AddressParam },
  responses: { 200: json(AgentReviewsResponse, "the reviews"), 400: error("INVALID_INPUT"), ...common },
});

export const epochRoute = createRoute({
  method: "get",
  path: "/epochs/{n}",
  summary: "An epoch's Merkle root, leaf count, dataset hash and anchoring state",
  request: { params: EpochParam },
  responses: { 200: json(EpochResponse, "the epoch"), 400: error("INVALID_INPUT"), 404: error("NOT_FOUND"), ...common },
});

/** An epoch's published dataset (agents/indexer/dataset.ts `encodeDataset` writes it). */
const DatasetDocument = z
  .object({
    format: z.literal(DATASET_FORMAT),
    chainId: z.number().int(),
    escrow: z.string(),
    epoch: z.string(),
    root: z.string(),
    leafCount: z.number().int(),
    leaves: z.array(z.object({ id: z.string(), taskId: z.string(), reviewer: z.string(), subject: z.string(), rating: z.number().int() }).loose()),
  })
  .loose();

export const datasetRoute = createRoute({
  method: "get",
  path: "/epochs/{n}/dataset",
  summary: "An epoch's dataset, byte for byte",
  description: "Format `agent-market/review-dataset@2`; its keccak256 is the dataset hash anchored on chain.",
  request: { params: EpochParam },
  responses: {
    200: json(DatasetDocument, "the dataset text (see the dataset format in docs/PROTOCOL.md)"),
    400: error("INVALID_INPUT"),
    404: error("NOT_FOUND"),
    ...common,
  },
});

export const HealthResponse = z
  .object({
    ok: z.literal(true),
    chainId: z.number().int(),
    escrow: z.string(),
    anchor: z.string().nullable(),
    nextBlock: z.string().nullable(),
    lastAnchoredEpoch: z.string().nullable(),
    readReplica: z
      .object({
        serving: z.boolean().describe("the API's reads are answered by the standby now; false while they fall back to the primary"),
        behindBytes: z.number().int().nullable().describe("bytes of the primary's WAL the standby has not replayed yet; null when not serving"),
      })
      .optional()
      .describe("only on a process started with DATABASE_READ_URL"),
  })
  .loose();

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness and ingestion progress",
  responses: { 200: json(HealthResponse, "up"), ...common },
});

export const agentListRoute = createRoute({
  method: "get",
  path: "/agents",
  summary: "Registered agents whose checked card has every requested skill",
  request: { query: AgentListQuery },
  responses: { 200: json(AgentListResponse, "the agents, by agent id"), 400: error("INVALID_INPUT"), ...common },
});

export const agentRoute = createRoute({
  method: "get",
  path: "/agents/{id}",
  summary: "One registered agent with its card's state",
  request: { params: AgentIdParam },
  responses: { 200: json(RegisteredAgentResponse, "the agent"), 400: error("INVALID_INPUT"), 404: error("NOT_FOUND"), ...common },
});
