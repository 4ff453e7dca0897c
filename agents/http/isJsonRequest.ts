import type { Context } from "hono";

/**
 * Whether a request says its body is JSON (`application/json`, any parameters). Media types are
 * case-insensitive (RFC 9110 §8.3.1), so the header is compared in lower case.
 *
 * @example
 * if (!isJsonRequest(c)) return errorJson(c, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
 */
export function isJsonRequest(c: Context): boolean {
  return (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");
}
