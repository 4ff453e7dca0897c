import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Address, Hex } from "viem";
import { hardenApp, type HardenOptions } from "../../http/hardenApp.js";
import { InvalidInputError } from "../errors.js";
import type { AgentListResponse, RegisteredAgentResponse } from "./agentSchemas.js";
import { agentRoutes } from "./agentRoutes.js";
import { AddressParam, EpochParam, ReviewIdParam, type AgentReviewsResponse, type EpochResponse, type ErrorBody, type ReputationResponse, type ReviewAccepted, type ReviewResponse } from "./schemas.js";

/** What the HTTP layer calls; {@link createIndexer} provides it. */
export interface IndexerApi {
  submitReview(input: unknown): Promise<ReviewAccepted>;
  getReview(id: Hex): Promise<ReviewResponse>;
  reputation(address: Address): Promise<ReputationResponse>;
  reviewsOf(address: Address): Promise<AgentReviewsResponse>;
  epoch(n: bigint): Promise<EpochResponse>;
  dataset(n: bigint): Promise<string>;
  health(): Promise<object>;
  agents(skills: readonly string[]): Promise<AgentListResponse>;
  agent(agentId: bigint): Promise<RegisteredAgentResponse>;
}

/** HTTP status of each error code; anything else is a 500. */
export function statusOf(code: string): ContentfulStatusCode {
  switch (code) {
    case "INVALID_INPUT":
    case "INVALID_JSON":
      return 400;
    case "NOT_FOUND":
      return 404;
    case "DUPLICATE_REVIEW":
      return 409;
    case "BODY_TOO_LARGE":
      return 413;
    case "RATE_LIMITED":
      return 429;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "BAD_SIGNATURE":
    case "UNKNOWN_TASK":
    case "TASK_NOT_SETTLED":
    case "WRONG_PARTIES":
    case "RATING_OUT_OF_RANGE":
    case "TIMESTAMP_IN_FUTURE":
      return 422;
    case "CHAIN_UNAVAILABLE":
      return 503;
    default:
      return 500;
  }
}

function fail(c: Context, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return c.json(body, statusOf(code));
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: unknown } } }, v: unknown): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new InvalidInputError("invalid request parameters", { issues: r.error.issues });
  return r.data;
}

/**
 * The indexer's HTTP API (hono). Every input goes through zod; every error is
 * `{ error: { code, message, details? } }` with a 4xx/5xx status (see {@link statusOf}).
 *
 * @example
 * serve({ fetch: createApp(indexer, { bodyLimit: 16384, rateLimit: DEFAULT_RATE_LIMIT }).fetch, port: 8787 });
 */
export function createApp(api: IndexerApi, opts: { bodyLimit: number; rateLimit?: HardenOptions["rateLimit"] }) {
  const app = new Hono();
  // Rate limit, body limit, JSON 404s and typed-error mapping, shared with the manager's board.
  hardenApp(app, { maxBodyBytes: opts.bodyLimit, rateLimit: opts.rateLimit ?? false, statusOf });

  app.post(
    "/reviews",
    async (c) => {
      if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
        return fail(c, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new InvalidInputError("body is not valid JSON", {}, "INVALID_JSON");
      }
      return c.json(await api.submitReview(body), 201);
    },
  );

  app.get("/reviews/:id", async (c) => {
    const { id } = parse(ReviewIdParam, c.req.param());
    return c.json(await api.getReview(id.toLowerCase() as Hex));
  });

  app.get("/agents/:address/reputation", async (c) => {
    const { address } = parse(AddressParam, c.req.param());
    return c.json(await api.reputation(address as Address));
  });

  app.get("/agents/:address/reviews", async (c) => {
    const { address } = parse(AddressParam, c.req.param());
    return c.json(await api.reviewsOf(address as Address));
  });

  app.get("/epochs/:n", async (c) => {
    const { n } = parse(EpochParam, c.req.param());
    return c.json(await api.epoch(BigInt(n)));
  });

  app.get("/epochs/:n/dataset", async (c) => {
    const { n } = parse(EpochParam, c.req.param());
    // Served byte for byte: its keccak256 is the dataset hash anchored on-chain.
    return c.body(await api.dataset(BigInt(n)), 200, { "content-type": "application/json; charset=utf-8" });
  });

  app.get("/health", async (c) => c.json(await api.health()));
  agentRoutes(app, api, (schema, v) => parse(schema, v));

  return app;
}
