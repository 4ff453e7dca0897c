import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { BlankEnv } from "hono/types";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Address, Hex } from "viem";
import { hardenApp, type HardenOptions } from "../../http/hardenApp.js";
import { InvalidInputError } from "../errors.js";
import type { AgentListResponse, RegisteredAgentResponse } from "./agentSchemas.js";
import { agentRoutes } from "./agentRoutes.js";
import { juryTeamRoutes } from "./juryTeamRoutes.js";
import type { JurorRecordResponse, TeamsResponse } from "./juryTeamSchemas.js";
import type { ReviewResponseWire } from "../reviewReader.js";
import { AgentReviewsResponse, type ReviewResponse, type EpochResponse, type ErrorBody, type ReputationResponse, type ReviewAccepted } from "./schemas.js";
import { referencePage } from "./referencePage.js";
import type { CalibrationResponse } from "./calibrationSchemas.js";
import { agentReviewsRoute, calibrationRoute, datasetRoute, epochRoute, getReviewRoute, healthRoute, postReviewRoute, reputationRoute } from "./routes.js";
import { isJsonContentType } from "../../http/isJsonContentType.js";

/** What the HTTP layer calls; {@link createIndexer} provides it. */
export interface IndexerApi {
  submitReview(input: unknown): Promise<ReviewAccepted>;
  getReview(id: Hex): Promise<ReviewResponse>;
  /** GET /reviews/:id's body as it goes on the wire (agents/indexer/reviewReader.ts). */
  getReviewWire(id: Hex): Promise<ReviewResponseWire>;
  reputation(address: Address): Promise<ReputationResponse>;
  calibration(address: Address): Promise<CalibrationResponse>;
  reviewsOf(address: Address): Promise<AgentReviewsResponse>;
  epoch(n: bigint): Promise<EpochResponse>;
  /** The dataset text in pieces, streamed as they come (a 10M-review dataset never fits one string). */
  dataset(n: bigint): Promise<AsyncIterable<string>>;
  health(): Promise<object>;
  agents(skills: readonly string[]): Promise<AgentListResponse>;
  agent(agentId: bigint): Promise<RegisteredAgentResponse>;
  jurorRecord(address: Address): Promise<JurorRecordResponse>;
  teams(address: Address): Promise<TeamsResponse>;
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

/** Title and version of the OpenAPI document (`/openapi.json`, docs/protocol/openapi.json). */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "agent-market reputation indexer",
    version: "1.0.0",
    description: "Signed reviews, their Merkle proofs against the roots anchored in ReputationAnchor, reputation scores and the ERC-8004 agents mirror. Every error is `{ error: { code, message, details? } }`.",
  },
} as const;

/**
 * The indexer's HTTP API (hono with @hono/zod-openapi). Every input goes through the zod schemas of
 * routes.ts, which also make the OpenAPI 3.1 document served at `/openapi.json` (reference page:
 * `/docs`); every error is `{ error: { code, message, details? } }` with a 4xx/5xx status (see
 * {@link statusOf}).
 *
 * @example
 * serve({ fetch: createApp(indexer, { bodyLimit: 16384, rateLimit: DEFAULT_RATE_LIMIT }).fetch, port: 8787 });
 */
export function createApp(api: IndexerApi, opts: { bodyLimit: number; rateLimit?: HardenOptions["rateLimit"] }) {
  // A request that fails its schema is a typed INVALID_INPUT, mapped like every other AgentError.
  const app = new OpenAPIHono<BlankEnv>({
    defaultHook: (r) => {
      if (!r.success) throw new InvalidInputError("invalid request parameters", { issues: r.error.issues });
    },
  });
  // Rate limit, body limit, JSON 404s and typed-error mapping, shared with the manager's board.
  hardenApp(app, { maxBodyBytes: opts.bodyLimit, rateLimit: opts.rateLimit ?? false, statusOf });

  // Documented from its route, but read by hand: the media type and the JSON are checked first, and
  // the body's schema errors come from acceptReview, as before.
  app.openAPIRegistry.registerPath(postReviewRoute);
  app.post(postReviewRoute.path, async (c) => {
    if (!isJsonContentType(c.req.header("content-type"))) {
      return fail(c, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new InvalidInputError("body is not valid JSON", {}, "INVALID_JSON");
    }
    return c.json(await api.submitReview(body), 201);
  });

  app.openapi(getReviewRoute, async (c) => c.json((await api.getReviewWire(c.req.valid("param").id)) as never, 200));
  app.openapi(reputationRoute, async (c) => c.json(await api.reputation(c.req.valid("param").address), 200));
  app.openapi(calibrationRoute, async (c) => c.json(await api.calibration(c.req.valid("param").address), 200));
  app.openapi(agentReviewsRoute, async (c) => c.json(AgentReviewsResponse.encode(await api.reviewsOf(c.req.valid("param").address)) as never, 200));
  app.openapi(epochRoute, async (c) => c.json(await api.epoch(BigInt(c.req.valid("param").n)), 200));
  // Served byte for byte: its keccak256 is the dataset hash anchored on-chain.
  app.openapi(datasetRoute, async (c) => c.body(textStream(await api.dataset(BigInt(c.req.valid("param").n))), 200, { "content-type": "application/json; charset=utf-8" }) as never);
  app.openapi(healthRoute, async (c) => c.json(await api.health() as never, 200));
  agentRoutes(app, api);
  juryTeamRoutes(app, api);

  app.doc31("/openapi.json", OPENAPI_INFO);
  app.get("/docs", (c) => c.html(referencePage(app.getOpenAPI31Document(OPENAPI_INFO))));
  return app;
}

/** UTF-8 bytes of text pieces as a web stream, pulled one piece at a time. */
function textStream(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = pieces[Symbol.asyncIterator]();
  const utf8 = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(utf8.encode(next.value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}
