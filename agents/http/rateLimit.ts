import type { Context, MiddlewareHandler } from "hono";
import { errorJson } from "./errorJson.js";

export interface RateLimitOptions {
  /** Tokens added per second to each client's bucket (sustained request rate). */
  perSecond: number;
  /** Bucket size: how many requests a client may send at once after being idle. */
  burst: number;
  /** Clients remembered at most; the longest-idle ones are forgotten first (default 10,000). */
  maxClients?: number;
  /** Milliseconds clock (default Date.now); injectable for tests. */
  now?: () => number;
  /** Who the client is (default: the TCP peer address, "local" for in-process requests). */
  keyOf?: (c: Context) => string;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The TCP peer's address as @hono/node-server exposes it; in-process `app.request` has none. */
export function remoteAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? env?.server?.incoming?.socket?.remoteAddress ?? "local";
}

/**
 * Per-client token bucket. A client over its budget gets `429 { error: { code: "RATE_LIMITED" } }`
 * with a `retry-after` header (seconds), before its body is read, so a flood costs the server
 * almost nothing. Memory is bounded by `maxClients`.
 *
 * @example
 * app.use("*", rateLimit({ perSecond: 200, burst: 400 }));
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const now = opts.now ?? Date.now;
  const keyOf = opts.keyOf ?? remoteAddress;
  const maxClients = opts.maxClients ?? 10_000;
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recent first.
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    const key = keyOf(c);
    const t = now();
    const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
    buckets.delete(key);
    b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
    b.at = t;
    buckets.set(key, b);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    if (b.tokens < 1) {
      const waitMs = Math.ceil(((1 - b.tokens) / opts.perSecond) * 1000);
      c.header("retry-after", String(Math.max(1, Math.ceil(waitMs / 1000))));
      return errorJson(c, 429, "RATE_LIMITED", `more than ${opts.perSecond} requests per second`, { retryAfterMs: waitMs });
    }
    b.tokens -= 1;
    await next();
  };
}
