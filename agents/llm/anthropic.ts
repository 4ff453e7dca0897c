import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { keccak256, stringToHex } from "viem";
import type { z } from "zod";
import { runMachineChecks } from "../protocol/machineChecks.js";
import { cappedScore, meanScore } from "../protocol/verdict.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { CostLedger, DEFAULT_PRICES, MessageUsage, ModelPrice, costOf } from "./costLedger.js";
import { LlmConfigError, LlmOutputError } from "./errors.js";
import type { LlmOperation } from "./errors.js";
import { mapSdkError } from "./mapSdkError.js";
import { parseStructured } from "./parseStructured.js";
import { BID_SYSTEM, EXECUTE_SYSTEM, JUDGE_SYSTEM, bidPrompt, executePrompt } from "./prompts.js";
import { RubricAnswer, criterionScores, rubricItems, rubricPrompt } from "./rubric.js";
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
  /** Where every call's billed cost (from `message.usage`) is recorded; a ledger of its own when omitted. */
  ledger?: CostLedger;
  /** The model's price in payment-token base units per million tokens; from DEFAULT_PRICES by model when omitted. */
  price?: ModelPrice;
}

const DEFAULT_MAX_TOKENS: Record<LlmOperation, number> = { estimateBid: 1_024, execute: 8_192, judge: 1_024 };

/** JSON schemas sent as `output_config.format`, built once from the zod schemas. */
const FORMATS = {
  estimateBid: jsonFormat(ModelEstimate),
  execute: jsonFormat(ExecutionResult),
  judge: jsonFormat(RubricAnswer),
} as const;

/**
 * {@link LlmClient} over the Anthropic Messages API (@anthropic-ai/sdk), with structured output:
 * the zod schema goes out as a JSON-schema `output_config.format` and the answer comes back
 * through the same schema. Anything that does not parse becomes an {@link LlmOutputError}
 * (malformed JSON, schema mismatch, truncated at max_tokens, refusal); transport failures that
 * survive the SDK's retries become {@link LlmTimeoutError} / {@link LlmUpstreamError}. Every
 * answered call's `usage` is billed into {@link CostLedger} at the model's price.
 *
 * The judge scores the rubric's criteria one by one, sees the machine checks' results (run here,
 * by code), and a failed check caps its score at 0.49 whatever the model says.
 *
 * @example
 * const llm = new AnthropicLlmClient({ apiKey: process.env.ANTHROPIC_API_KEY!, timeoutMs: 30_000 });
 * const verdict = await llm.judge(task, result.output); // verdict.criteria: one score per rubric criterion
 */
export class AnthropicLlmClient implements LlmClient {
  readonly kind = "anthropic" as const;
  readonly model: string;
  readonly ledger: CostLedger;
  readonly #price: ModelPrice;
  readonly #sdk: Anthropic;
  readonly #maxTokens: Record<LlmOperation, number>;

  constructor(options: AnthropicLlmOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    const price = options.price ?? DEFAULT_PRICES[this.model];
    const parsed = ModelPrice.safeParse(price);
    if (!parsed.success) {
      throw new LlmConfigError("No price for the model: pass `price` (payment-token base units per million tokens)", {
        code: "LLM_INVALID_CONFIG",
        details: { model: this.model, issues: parsed.error.issues.slice(0, 5) },
      });
    }
    this.#price = parsed.data;
    this.ledger = options.ledger ?? new CostLedger();
    this.#maxTokens = { ...DEFAULT_MAX_TOKENS, ...options.maxTokens };
    this.#sdk = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    });
  }

  async estimateBid(task: LlmTask, profile: CapabilityProfile) {
    const estimate = await this.#call("estimateBid", task, BID_SYSTEM, bidPrompt(task, profile), ModelEstimate);
    if (estimate.estimatedSteps > profile.maxSteps) {
      throw new LlmOutputError("LLM_SCHEMA_MISMATCH", "Bid estimates more steps than the worker's maximum", {
        details: { operation: "estimateBid", taskId: task.taskId, estimatedSteps: estimate.estimatedSteps, maxSteps: profile.maxSteps },
      });
    }
    return estimate;
  }

  execute(task: LlmTask) {
    return this.#call("execute", task, EXECUTE_SYSTEM, executePrompt(task), ExecutionResult);
  }

  async judge(task: LlmTask, output: string): Promise<JudgeVerdict> {
    const checks = runMachineChecks(task.criteria, output);
    const items = rubricItems(task.criteria);
    const prompt = rubricPrompt(task, output, checks, items);
    const answer = await this.#call("judge", task, JUDGE_SYSTEM, prompt, RubricAnswer);
    const criteria = criterionScores(answer, items, { taskId: task.taskId, model: this.model });
    const failed = checks.filter((c) => !c.passed).map((c) => `machine check failed: ${c.check}: ${c.detail}`);
    return JudgeVerdict.parse({
      score: cappedScore(meanScore(criteria), checks),
      reasons: [...failed, answer.summary].slice(0, 20).map((r) => r.slice(0, 1_000)),
      criteria,
      model: this.model,
      promptHash: keccak256(stringToHex(`${JUDGE_SYSTEM}\n\n${prompt}`)),
    });
  }

  async #call<T>(operation: LlmOperation, task: LlmTask, system: string, prompt: string, schema: z.ZodType<T>): Promise<T> {
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
    this.#bill(operation, task.taskId, message);
    return parseStructured(message, schema, { operation, model: this.model });
  }

  /** Records what the call cost, before its answer is parsed: an unusable answer was paid for too. */
  #bill(operation: LlmOperation, taskId: string, message: unknown): void {
    const usage = MessageUsage.safeParse((message as { usage?: unknown } | null)?.usage);
    if (!usage.success) return; // not a Messages API message: parseStructured reports it
    const u = usage.data;
    this.ledger.record({
      operation,
      taskId,
      model: this.model,
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
      cacheReadTokens: u.cache_read_input_tokens ?? 0,
      cost: costOf(u, this.#price),
    });
  }
}

function jsonFormat(schema: Parameters<typeof zodOutputFormat>[0]): Anthropic.JSONOutputFormat {
  const { type, schema: json } = zodOutputFormat(schema);
  return { type, schema: json };
}
