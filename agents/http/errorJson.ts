import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error body of every HTTP server here: `{ error: { code, message, details? } }`. */
export interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Answers with the shared JSON error body.
 *
 * @example
 * return errorJson(c, 404, "NOT_FOUND", "no such task");
 */
export function errorJson(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown): Response {
  const body: ErrorJson = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return c.json(body, status);
}
