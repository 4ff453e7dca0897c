/**
 * Whether a request's Content-Type says its body is JSON (`application/json`, any parameters).
 * Media types are case-insensitive (RFC 9110 §8.3.1), so the header is compared in lower case.
 *
 * @example
 * if (!isJsonContentType(c.req.header("content-type"))) return errorJson(c, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
 */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? "").toLowerCase().startsWith("application/json");
}
