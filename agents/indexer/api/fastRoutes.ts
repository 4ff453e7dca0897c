import type { IncomingMessage, ServerResponse } from "node:http";
import { isAgentError } from "../../errors.js";
import type { ErrorJson } from "../../http/errorJson.js";
import { rateLimited, type TokenBuckets } from "../../http/rateLimit.js";
import { InvalidInputError } from "../errors.js";
import { statusOf, type IndexerApi } from "./app.js";
import { ReviewIdParam } from "./schemas.js";
import { isJsonContentType } from "../../http/isJsonContentType.js";
import type { Hex } from "viem";

/** Answers a request itself (true) or leaves it to the next handler (false). */
export type FastRoutes = (req: IncomingMessage, res: ServerResponse) => boolean;

const REVIEWS = "/reviews";

/**
 * The two hot routes, `POST /reviews` and `GET /reviews/:id`, served straight on node:http: no
 * web Request or Response objects, no router, one zod pass at the edge (`ReviewIdParam` here,
 * `SignedReview` in `submitReview`). They answer exactly as the hono app of app.ts does (which
 * stays the OpenAPI document's source and serves these routes to in-process callers): the same
 * rate limit (shared buckets), body limit, media type check, error codes, statuses and bodies
 * (`test/indexer/fastRoutes.test.ts` sends the same requests to both). A request these routes do
 * not match, or whose id does not parse, goes to hono, which answers it as before.
 *
 * @example
 * const fast = fastReviewRoutes(indexer, { bodyLimit: 16_384, rateLimit: false });
 * http.createServer((req, res) => fast(req, res) || honoListener(req, res));
 */
export function fastReviewRoutes(
  api: Pick<IndexerApi, "submitReview" | "getReviewWire">,
  opts: { bodyLimit: number; rateLimit: TokenBuckets | false; onInternalError?: (err: unknown) => void },
): FastRoutes {
  const limiter = opts.rateLimit && !opts.rateLimit.opts.keyOf ? opts.rateLimit : undefined;
  if (opts.rateLimit && !limiter) return () => false; // a custom client key reads hono's context: hono alone can apply it

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }
  function fail(res: ServerResponse, status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>): void {
    const body: ErrorJson = { error: { code, message, ...(details === undefined ? {} : { details }) } };
    send(res, status, body, headers);
  }
  const tooLarge = (res: ServerResponse) =>
    fail(res, 413, "BODY_TOO_LARGE", `body exceeds ${opts.bodyLimit} bytes`, { maxBytes: opts.bodyLimit }, { connection: "close" });

  function answer(req: IncomingMessage, res: ServerResponse, path: string, work: Promise<[number, unknown]>): void {
    work.then(
      ([status, body]) => send(res, status, body),
      (err: unknown) => {
        if (isAgentError(err)) return fail(res, statusOf(err.code), err.code, err.shortMessage, err.toJSON().details);
        (opts.onInternalError ?? ((e: unknown) => console.error(`${req.method} ${path} failed:`, e)))(err);
        fail(res, 500, "INTERNAL", "internal error");
      },
    );
  }

  /** The body as JSON, refused with 413 once it outgrows the limit (a chunked body has no declared length). */
  function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.bodyLimit && !over) {
          over = true;
          tooLarge(res);
        }
        if (!over) chunks.push(chunk);
      });
      req.on("error", reject);
      req.on("end", () => {
        if (over) return;
        try {
          // As hono's c.req.json(): UTF-8, a leading byte order mark dropped.
          resolve(JSON.parse(Buffer.concat(chunks, size).toString("utf8").replace(/^\uFEFF/, "")));
        } catch {
          reject(new InvalidInputError("body is not valid JSON", {}, "INVALID_JSON"));
        }
      });
    });
  }

  return (req, res) => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    let id: Hex | undefined;
    if (req.method === "GET" && path.startsWith(`${REVIEWS}/`) && path.indexOf("/", REVIEWS.length + 1) < 0) {
      const parsed = ReviewIdParam.safeParse({ id: path.slice(REVIEWS.length + 1) });
      if (!parsed.success) return false; // hono answers INVALID_INPUT as it always has
      id = parsed.data.id;
    } else if (!(req.method === "POST" && path === REVIEWS)) return false;

    if (limiter) {
      const waitMs = limiter.take(req.socket.remoteAddress ?? "local");
      if (waitMs > 0) {
        const r = rateLimited(limiter.opts.perSecond, waitMs);
        fail(res, 429, r.code, r.message, r.details, { "retry-after": r.retryAfter });
        return true;
      }
    }
    if (id !== undefined) {
      answer(req, res, path, api.getReviewWire(id).then((body) => [200, body]));
      return true;
    }
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && length !== undefined && parseInt(length, 10) > opts.bodyLimit) {
      tooLarge(res);
      return true;
    }
    if (!isJsonContentType(req.headers["content-type"])) {
      fail(res, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
      return true;
    }
    answer(req, res, path, readJson(req, res).then(async (json) => [201, await api.submitReview(json)]));
    return true;
  };
}
