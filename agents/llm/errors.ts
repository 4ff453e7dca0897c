import { ModelOutputError, SystemFaultError, UserInputError } from "../errors.js";
import type { AgentErrorOptions } from "../errors.js";

/** Which LLM call failed. */
export type LlmOperation = "estimateBid" | "execute" | "judge";

export type LlmOutputCode = "LLM_MALFORMED_JSON" | "LLM_SCHEMA_MISMATCH" | "LLM_TRUNCATED" | "LLM_REFUSED" | "LLM_NO_TEXT";

/** The model answered, but not with something usable. Drop the answer; the round carries on. */
export class LlmOutputError extends ModelOutputError {
  override name = "LlmOutputError";
  declare readonly code: LlmOutputCode;
  constructor(code: LlmOutputCode, shortMessage: string, options: Omit<AgentErrorOptions, "code"> = {}) {
    super(shortMessage, { ...options, code });
  }
}

/** No answer in time, after the configured retries. */
export class LlmTimeoutError extends SystemFaultError {
  override name = "LlmTimeoutError";
  constructor(shortMessage: string, options: Omit<AgentErrorOptions, "code"> = {}) {
    super(shortMessage, { ...options, code: "LLM_TIMEOUT" });
  }
}

export type LlmUpstreamCode = "LLM_RATE_LIMITED" | "LLM_UPSTREAM_ERROR" | "LLM_CONNECTION_FAILED" | "LLM_BAD_RESPONSE";

/**
 * The API kept failing (429, 5xx, connection) after the configured retries, or answered with
 * something that is not a Messages API response at all (`LLM_BAD_RESPONSE`: cut-off body, wrong envelope).
 */
export class LlmUpstreamError extends SystemFaultError {
  override name = "LlmUpstreamError";
  declare readonly code: LlmUpstreamCode;
  constructor(code: LlmUpstreamCode, shortMessage: string, options: Omit<AgentErrorOptions, "code"> = {}) {
    super(shortMessage, { ...options, code });
  }
}

/** The API refused the request itself (bad key, unknown model, invalid parameters) or the config is invalid. */
export class LlmConfigError extends UserInputError {
  override name = "LlmConfigError";
  constructor(shortMessage: string, options: Omit<AgentErrorOptions, "code"> & { code?: string } = {}) {
    super(shortMessage, { ...options, code: options.code ?? "LLM_REQUEST_REJECTED" });
  }
}
