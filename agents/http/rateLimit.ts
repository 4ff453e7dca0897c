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

/** Per-client token buckets, shared by every route of a process (hono's and a node:http fast path's). */
export interface TokenBuckets {
  readonly opts: RateLimitOptions;
  /** Takes one token of `key`'s bucket: 0 when granted, else the milliseconds until one is due. */
  take(key: string): number;
}

/**
 * The buckets behind {@link rateLimit}: memory is bounded by `maxClients`.
 *
 * @example
 * const buckets = tokenBuckets({ perSecond: 200, burst: 400 });
 * if (buckets.take(ip) > 0) refuse();
 */
export function tokenBuckets(opts: RateLimitOptions): TokenBuckets {
  const now = opts.now ?? Date.now;
  const maxClients = opts.maxClients ?? 10_000;
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recent first.
  const buckets = new Map<string, Bucket>();
  return {
    opts,
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
      buckets.delete(key);
      b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      buckets.set(key, b);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (b.tokens < 1) return Math.ceil(((1 - b.tokens) / opts.perSecond) * 1000);
      b.tokens -= 1;
      return 0;
    },
  };
}

/** The 429 answer's parts (shared with the indexer's node:http fast path). */
export function rateLimited(perSecond: number, waitMs: number) {
  return { retryAfter: String(Math.max(1, Math.ceil(waitMs / 1000))), code: "RATE_LIMITED", message: `more than ${perSecond} requests per second`, details: { retryAfterMs: waitMs } } as const;
}

/**
 * Per-client token bucket. A client over its budget gets `429 { error: { code: "RATE_LIMITED" } }`
 * with a `retry-after` header (seconds), before its body is read, so a flood costs the server
 * almost nothing. Pass the {@link tokenBuckets} of another entry to share its budgets.
 *
 * @example
 * app.use("*", rateLimit({ perSecond: 200, burst: 400 }));
 */
export function rateLimit(opts: RateLimitOptions | TokenBuckets): MiddlewareHandler {
  const buckets = "take" in opts ? opts : tokenBuckets(opts);
  const keyOf = buckets.opts.keyOf ?? remoteAddress;
  return async (c, next) => {
    const waitMs = buckets.take(keyOf(c));
    if (waitMs > 0) {
      const r = rateLimited(buckets.opts.perSecond, waitMs);
      c.header("retry-after", r.retryAfter);
      return errorJson(c, 429, r.code, r.message, r.details);
    }
    await next();
  };
}
