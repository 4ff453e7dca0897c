import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AnthropicError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { SystemFaultError } from "../errors.js";
import type { AgentError } from "../errors.js";
import { LlmConfigError, LlmTimeoutError, LlmUpstreamError } from "./errors.js";
import type { LlmOperation } from "./errors.js";

/**
 * Maps whatever the SDK threw (after its own retries) to our error classes, so callers see
 * one vocabulary whichever client they hold. Order matters: the timeout class extends the
 * connection class, which extends APIError.
 */
export function mapSdkError(err: unknown, ctx: { operation: LlmOperation; model: string }): AgentError {
  if (err instanceof APIConnectionTimeoutError) {
    return new LlmTimeoutError("LLM request timed out", { details: ctx, cause: err });
  }
  if (err instanceof APIUserAbortError) {
    return new LlmTimeoutError("LLM request was aborted", { details: ctx, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new LlmUpstreamError("LLM_CONNECTION_FAILED", "Could not reach the LLM API", { details: ctx, cause: err });
  }
  if (err instanceof RateLimitError) {
    return new LlmUpstreamError("LLM_RATE_LIMITED", "LLM API rate limit persisted after retries", {
      details: { ...ctx, status: 429, requestId: err.requestID },
      cause: err,
    });
  }
  if (err instanceof APIError) {
    const details = { ...ctx, status: err.status, requestId: err.requestID };
    if (err.status !== undefined && (err.status >= 500 || err.status === 408 || err.status === 409)) {
      return new LlmUpstreamError("LLM_UPSTREAM_ERROR", `LLM API failed with HTTP ${err.status} after retries`, { details, cause: err });
    }
    return new LlmConfigError(`LLM API rejected the request (HTTP ${err.status ?? "?"})`, { details, cause: err });
  }
  if (err instanceof AnthropicError) {
    return new LlmConfigError("LLM client rejected the request", { details: ctx, cause: err });
  }
  if (err instanceof SyntaxError) {
    // the SDK could not parse a 2xx body: the transport cut it off or the server broke protocol
    return new LlmUpstreamError("LLM_BAD_RESPONSE", "LLM API response body is not valid JSON", { details: ctx, cause: err });
  }
  return new SystemFaultError("Unexpected failure in the LLM client", { code: "LLM_UNEXPECTED", details: ctx, cause: err });
}
