import { z } from "zod";
import type { LlmOperation } from "./errors.js";
import { toHash32 } from "../protocol/codecs.js";

/** The `usage` of a Messages API response (token counts; the cache fields may be absent or null). */
export const MessageUsage = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type MessageUsage = z.infer<typeof MessageUsage>;

/**
 * What a model costs per million tokens, in the payment token's base units (the unit of a worker's
 * `estimatedCost` and of a bid's price). Cache writes cost 1.25× and cache reads 0.1× the input
 * price unless given.
 */
export const ModelPrice = z.strictObject({
  inputPerMTok: z.number().nonnegative().finite(),
  outputPerMTok: z.number().nonnegative().finite(),
  cacheWritePerMTok: z.number().nonnegative().finite().optional(),
  cacheReadPerMTok: z.number().nonnegative().finite().optional(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/**
 * List prices (USD per million tokens) in base units of a 6-decimal USD token (1 USD = 1,000,000):
 * Sonnet 4.x $3 / $15, Haiku 4.5 $1 / $5, Opus 4.5 $5 / $25. Pass `price` for another token or model.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-sonnet-4-6": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-sonnet-4-5": { inputPerMTok: 3_000_000, outputPerMTok: 15_000_000 },
  "claude-haiku-4-5": { inputPerMTok: 1_000_000, outputPerMTok: 5_000_000 },
  "claude-opus-4-5": { inputPerMTok: 5_000_000, outputPerMTok: 25_000_000 },
};

/**
 * The cost of one call: tokens × price, in the price's unit.
 *
 * @example
 * costOf({ input_tokens: 1_000, output_tokens: 200 }, DEFAULT_PRICES["claude-sonnet-4-6"]!); // 6000 (= $0.006)
 */
export function costOf(usage: MessageUsage, price: ModelPrice): number {
  const cacheWrite = price.cacheWritePerMTok ?? price.inputPerMTok * 1.25;
  const cacheRead = price.cacheReadPerMTok ?? price.inputPerMTok * 0.1;
  return (
    (usage.input_tokens * price.inputPerMTok +
      usage.output_tokens * price.outputPerMTok +
      (usage.cache_creation_input_tokens ?? 0) * cacheWrite +
      (usage.cache_read_input_tokens ?? 0) * cacheRead) /
    1_000_000
  );
}

/** One model call as it was billed. */
export interface CallCost {
  operation: LlmOperation;
  taskId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  /** In the price's unit (payment-token base units by default). */
  cost: number;
}

/** Totals over some calls. */
export interface CostTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/**
 * The cost tracker of model calls: the Anthropic adapter records every call here from the response's
 * `usage` (also when its answer was unusable: the tokens were paid for), so a task's actual cost is
 * what the API billed, not an estimate.
 *
 * @example
 * const ledger = new CostLedger();
 * const llm = new AnthropicLlmClient({ apiKey, ledger });
 * await llm.execute(task);
 * ledger.forTask(task.taskId).cost; // base units billed for that task so far
 */
export class CostLedger {
  readonly #calls: CallCost[] = [];

  record(call: CallCost): void {
    this.#calls.push({ ...call, taskId: toHash32(call.taskId) });
  }

  /** Every call recorded, oldest first. */
  get calls(): readonly CallCost[] {
    return this.#calls;
  }

  /** Totals of one task's calls (all operations). */
  forTask(taskId: string): CostTotals {
    const id = toHash32(taskId);
    return totals(this.#calls.filter((c) => c.taskId === id));
  }

  /** Totals of every call, or of one operation's calls. */
  total(operation?: LlmOperation): CostTotals {
    return totals(operation === undefined ? this.#calls : this.#calls.filter((c) => c.operation === operation));
  }
}

function totals(calls: readonly CallCost[]): CostTotals {
  return calls.reduce(
    (t, c) => ({ calls: t.calls + 1, inputTokens: t.inputTokens + c.inputTokens, outputTokens: t.outputTokens + c.outputTokens, cost: t.cost + c.cost }),
    { calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 },
  );
}
