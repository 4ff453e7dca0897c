import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isAgentError } from "../errors.js";
import { errorJson } from "./errorJson.js";
import { rateLimit, type RateLimitOptions, type TokenBuckets } from "./rateLimit.js";

export interface HardenOptions {
  /** Largest request body in bytes; larger ones get 413 BODY_TOO_LARGE without being buffered. */
  maxBodyBytes: number;
  /** Per-client token bucket (or buckets shared with another entry), or `false` to leave rate limiting to a proxy. */
  rateLimit: RateLimitOptions | TokenBuckets | false;
  /** Told of every error that is not an AgentError (answered 500 INTERNAL without its details); default: logged to stderr. */
  onInternalError?: (err: unknown) => void;
}

/** Defaults shared by the indexer and the manager's board. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 200, burst: 400 };

/**
 * Puts the protections every public server here needs in front of `app`'s routes: a per-client
 * rate limit, a body-size limit, and JSON error bodies with a code for unknown routes and for
 * any error a handler throws (an {@link AgentError} keeps its code; `statusOf` maps it).
 * Call it before adding routes, since hono runs middleware in registration order.
 *
 * @example
 * const app = new Hono();
 * hardenApp(app, { maxBodyBytes: 16_384, rateLimit: DEFAULT_RATE_LIMIT });
 * app.post("/things", ...);
 */
export function hardenApp(app: Hono, opts: HardenOptions & { statusOf?: (code: string) => number }): Hono {
  if (opts.rateLimit) app.use("*", rateLimit(opts.rateLimit));
  // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
  const tooLarge = (c: Context) => (c.header("connection", "close"), errorJson(c, 413, "BODY_TOO_LARGE", `body exceeds ${opts.maxBodyBytes} bytes`, { maxBytes: opts.maxBodyBytes }));
  const streamedLimit = bodyLimit({ maxSize: opts.maxBodyBytes, onError: tooLarge });
  app.use("*", async (c, next) => {
    // A body of declared length is judged by its header alone, and a GET or HEAD without one has
    // none. hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a web
    // Request and stream for every request; left alone, the handler's c.req.json() reads the body
    // straight from the socket. Anything else (chunked, or a request made in-process) is counted
    // as it streams.
    const length = c.req.header("content-length");
    if (c.req.header("transfer-encoding") === undefined) {
      if (length !== undefined) return parseInt(length, 10) > opts.maxBodyBytes ? tooLarge(c) : next();
      if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    }
    return streamedLimit(c, next);
  });
  app.notFound((c) => errorJson(c, 404, "NOT_FOUND", `no route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (isAgentError(err)) {
      const status = (opts.statusOf?.(err.code) ?? (err.kind === "user" ? 400 : 503)) as 400;
      return errorJson(c, status, err.code, err.shortMessage, err.toJSON().details);
    }
    (opts.onInternalError ?? ((e: unknown) => console.error(`${c.req.method} ${c.req.path} failed:`, e)))(err);
    return errorJson(c, 500, "INTERNAL", "internal error");
  });
  return app;
}
