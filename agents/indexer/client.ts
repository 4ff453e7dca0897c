import type { Address, Hex } from "viem";
import { CalibrationResponse } from "./api/calibrationSchemas.js";
import type { z } from "zod";
import { SystemFaultError, UserInputError } from "../errors.js";
import { SignedReview, type SignedReviewInput } from "../protocol/review.js";
import { AgentListResponse, RegisteredAgentResponse } from "./api/agentSchemas.js";
import { AgentReviewsResponse, ErrorBody, ReputationResponse, ReviewAccepted, ReviewResponse } from "./api/schemas.js";

/** Where agents find the indexer when INDEXER_URL is unset: `./run indexer` on its default PORT. */
export const DEFAULT_INDEXER_URL = "http://127.0.0.1:8787";

/**
 * The indexer answered with an error body; `code` is the indexer's error code.
 *
 * @example
 * catch (e) { if (e instanceof IndexerHttpError && e.code === "DUPLICATE_REVIEW") return; }
 */
export class IndexerHttpError extends UserInputError {
  override name = "IndexerHttpError" as const;
  readonly status: number;
  constructor(status: number, code: string, message: string, details: Record<string, unknown>) {
    super(message, { code, details: { ...details, status } });
    this.status = status;
  }
}

/**
 * The indexer could not be reached or answered something that is not its API.
 *
 * @example
 * catch (e) { if (e instanceof IndexerUnavailableError) setTimeout(retry, 1_000); }
 */
export class IndexerUnavailableError extends SystemFaultError {
  override name = "IndexerUnavailableError" as const;
  constructor(message: string, cause?: unknown) {
    super(message, { code: "INDEXER_UNAVAILABLE", cause });
  }
}

/**
 * A small HTTP client for the indexer's API; every answer is checked with the same zod schemas
 * the server uses.
 *
 * @example
 * const indexer = new IndexerClient("http://127.0.0.1:8787");
 * const { id } = await indexer.postReview(signed);
 * const { anchored, proof } = await indexer.getReview(id);
 */
export class IndexerClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  postReview(review: SignedReview | SignedReviewInput): Promise<ReviewAccepted> {
    const wire = typeof review.timestamp === "bigint" ? SignedReview.encode(review as SignedReview) : review;
    return this.call("POST", "/reviews", ReviewAccepted, wire);
  }

  getReview(id: Hex): Promise<ReviewResponse> {
    return this.call("GET", `/reviews/${id}`, ReviewResponse);
  }

  reputation(address: Address): Promise<ReputationResponse> {
    return this.call("GET", `/agents/${address}/reputation`, ReputationResponse);
  }

  /** The indexer's (unproven) calibration of a worker; `verifyReputation` gives the proven one. */
  calibration(address: Address): Promise<CalibrationResponse> {
    return this.call("GET", `/agents/${address}/calibration`, CalibrationResponse);
  }

  /** Anchored reviews about `address` with their proofs; check them before trusting them. */
  reviewsOf(address: Address): Promise<AgentReviewsResponse> {
    return this.call("GET", `/agents/${address}/reviews`, AgentReviewsResponse);
  }

  /** Registered agents whose checked card has every skill in `skills` (GET /agents?skills=...). */
  agents(skills: readonly string[] = []): Promise<AgentListResponse> {
    return this.call("GET", `/agents?skills=${encodeURIComponent(skills.join(","))}`, AgentListResponse);
  }

  /** One registered agent by its ERC-8004 id, with its card's state (GET /agents/:id). */
  agent(agentId: bigint): Promise<RegisteredAgentResponse> {
    return this.call("GET", `/agents/${agentId}`, RegisteredAgentResponse);
  }

  private async call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    let res: Response;
    try {
      // Appended, not resolved: a base URL with a path (a proxy's /indexer) keeps it.
      res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, "")}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new IndexerUnavailableError(`cannot reach the indexer at ${this.baseUrl}`, cause);
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = ErrorBody.safeParse(json);
      if (!err.success) throw new IndexerUnavailableError(`indexer answered ${res.status} without an error body`);
      const { code, message, details } = err.data.error;
      throw new IndexerHttpError(res.status, code, message, typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {});
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new IndexerUnavailableError(`indexer answer to ${method} ${path} does not match its schema`, parsed.error);
    return parsed.data;
  }
}
