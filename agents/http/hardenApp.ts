import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isAgentError } from "../errors.js";
import { errorJson } from "./errorJson.js";
import { rateLimit, type RateLimitOptions } from "./rateLimit.js";

export interface HardenOptions {
  /** Largest request body in bytes; larger ones get 413 BODY_TOO_LARGE without being buffered. */
  maxBodyBytes: number;
  /** Per-client token bucket, or `false` to leave rate limiting to a proxy. */
  rateLimit: RateLimitOptions | false;
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
  app.use(
    "*",
    bodyLimit({
      maxSize: opts.maxBodyBytes,
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      onError: (c) => (c.header("connection", "close"), errorJson(c, 413, "BODY_TOO_LARGE", `body exceeds ${opts.maxBodyBytes} bytes`, { maxBytes: opts.maxBodyBytes })),
    }),
  );
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
