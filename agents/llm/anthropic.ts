import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { z } from "zod";
import type { CapabilityProfile } from "../protocol/task.js";
import { LlmOutputError, LlmUpstreamError } from "./errors.js";
import type { LlmOperation } from "./errors.js";
import { mapSdkError } from "./mapSdkError.js";
import { BID_SYSTEM, EXECUTE_SYSTEM, JUDGE_SYSTEM, bidPrompt, executePrompt, judgePrompt } from "./prompts.js";
import { ModelEstimate, ExecutionResult, JudgeVerdict } from "./types.js";
import type { LlmClient, LlmTask } from "./types.js";

export const DEFAULT_MODEL = "claude-sonnet-4-6";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;

export interface AnthropicLlmOptions {
  apiKey: string;
  model?: string;
  baseURL?: string;
  /** Per attempt. Worst case per call ≈ (maxRetries + 1) × timeoutMs plus backoff (0.5 s doubling, ≤ 8 s, or the server's retry-after). */
  timeoutMs?: number;
  /** Retries on timeouts, connection errors, 408/409/429 and 5xx, with exponential backoff. */
  maxRetries?: number;
  /** Output token ceilings per call. */
  maxTokens?: Partial<Record<LlmOperation, number>>;
}

const DEFAULT_MAX_TOKENS: Record<LlmOperation, number> = { estimateBid: 1_024, execute: 8_192, judge: 1_024 };

/** JSON schemas sent as `output_config.format`, built once from the zod schemas. */
const FORMATS = {
  estimateBid: jsonFormat(ModelEstimate),
  execute: jsonFormat(ExecutionResult),
  judge: jsonFormat(JudgeVerdict),
} as const;

/**
 * {@link LlmClient} over the Anthropic Messages API (@anthropic-ai/sdk), with structured output:
 * the zod schema goes out as a JSON-schema `output_config.format` and the answer comes back
 * through the same schema. Anything that does not parse becomes an {@link LlmOutputError}
 * (malformed JSON, schema mismatch, truncated at max_tokens, refusal); transport failures that
 * survive the SDK's retries become {@link LlmTimeoutError} / {@link LlmUpstreamError}.
 *
 * @example
 * const llm = new AnthropicLlmClient({ apiKey: process.env.ANTHROPIC_API_KEY!, timeoutMs: 30_000 });
 * const verdict = await llm.judge(task, result.output);
 */
export class AnthropicLlmClient implements LlmClient {
  readonly kind = "anthropic" as const;
  readonly model: string;
  readonly #sdk: Anthropic;
  readonly #maxTokens: Record<LlmOperation, number>;

  constructor(options: AnthropicLlmOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.#maxTokens = { ...DEFAULT_MAX_TOKENS, ...options.maxTokens };
    this.#sdk = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    });
  }

  async estimateBid(task: LlmTask, profile: CapabilityProfile) {
    const estimate = await this.#call("estimateBid", BID_SYSTEM, bidPrompt(task, profile), ModelEstimate);
    if (estimate.estimatedSteps > profile.maxSteps) {
      throw new LlmOutputError("LLM_SCHEMA_MISMATCH", "Bid estimates more steps than the worker's maximum", {
        details: { operation: "estimateBid", taskId: task.taskId, estimatedSteps: estimate.estimatedSteps, maxSteps: profile.maxSteps },
      });
    }
    return estimate;
  }

  execute(task: LlmTask) {
    return this.#call("execute", EXECUTE_SYSTEM, executePrompt(task), ExecutionResult);
  }

  judge(task: LlmTask, output: string) {
    return this.#call("judge", JUDGE_SYSTEM, judgePrompt(task, output), JudgeVerdict);
  }

  async #call<T>(operation: LlmOperation, system: string, prompt: string, schema: z.ZodType<T>): Promise<T> {
    let message: Anthropic.Message;
    try {
      message = await this.#sdk.messages.create({
        model: this.model,
        max_tokens: this.#maxTokens[operation],
        system,
        messages: [{ role: "user", content: prompt }],
        output_config: { format: FORMATS[operation] },
      });
    } catch (err) {
      throw mapSdkError(err, { operation, model: this.model });
    }
    return parseStructured(message, schema, { operation, model: this.model });
  }
}

/** The part of a Messages API response we rely on; the SDK types it but does not check it. */
const MessageEnvelope = z.object({
  id: z.string(),
  type: z.literal("message"),
  stop_reason: z.string().nullable(),
  content: z.array(
    z.union([
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({ type: z.literal("tool_use"), input: z.unknown() }),
      z.object({ type: z.string() }),
    ]),
  ),
});

/**
 * Turns a Messages API response into `T` or a typed error: {@link LlmOutputError} when the
 * model's answer is unusable, {@link LlmUpstreamError} (`LLM_BAD_RESPONSE`) when the response
 * is not a Messages API message at all. Exported for the hardening suite.
 */
export function parseStructured<T>(response: unknown, schema: z.ZodType<T>, ctx: { operation: LlmOperation; model: string }): T {
  const envelope = MessageEnvelope.safeParse(response);
  if (!envelope.success) {
    throw new LlmUpstreamError("LLM_BAD_RESPONSE", "LLM API response is not a Messages API message", {
      details: { ...ctx, issues: envelope.error.issues.slice(0, 5) },
    });
  }
  const message = envelope.data;
  const details = { ...ctx, messageId: message.id, stopReason: message.stop_reason };
  if (message.stop_reason === "refusal") throw new LlmOutputError("LLM_REFUSED", "Model refused to answer", { details });
  if (message.stop_reason === "max_tokens") throw new LlmOutputError("LLM_TRUNCATED", "Model output was cut off at max_tokens", { details });
  const blocks = message.content;
  const toolUse = blocks.find((b): b is { type: "tool_use"; input: unknown } => b.type === "tool_use" && "input" in b);
  const toolInput = toolUse?.input;
  const text = blocks.flatMap((b) => (b.type === "text" && "text" in b && typeof b.text === "string" ? [b.text] : [])).join("");
  let value: unknown = toolInput;
  if (value === undefined) {
    if (text.trim() === "") throw new LlmOutputError("LLM_NO_TEXT", "Model answer has no text or tool input", { details });
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new LlmOutputError("LLM_MALFORMED_JSON", "Model answer is not valid JSON", { details: { ...details, excerpt: text.slice(0, 200) }, cause });
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new LlmOutputError("LLM_SCHEMA_MISMATCH", "Model answer does not match the expected shape", {
      details: { ...details, issues: parsed.error.issues.slice(0, 10) },
    });
  }
  return parsed.data;
}

function jsonFormat(schema: Parameters<typeof zodOutputFormat>[0]): Anthropic.JSONOutputFormat {
  const { type, schema: json } = zodOutputFormat(schema);
  return { type, schema: json };
}
