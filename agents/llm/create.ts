import { z } from "zod";
import { AnthropicLlmClient } from "./anthropic.js";
import { LlmConfigError } from "./errors.js";
import { SimulatedLlmClient, SimulatedTruth } from "./simulated.js";
import type { LlmClient } from "./types.js";

/** Configuration of {@link createLlmClient}; config comes from outside, so it is parsed. */
export const LlmClientConfig = z.strictObject({
  /** Falls back to `ANTHROPIC_API_KEY`; without either the offline stand-in is used. */
  apiKey: z.string().optional(),
  model: z.string().min(1).max(200).optional(),
  baseURL: z.url().optional(),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  /** Hidden truth of the stand-in when it is used. */
  simulated: SimulatedTruth.optional(),
  /** Use the stand-in even when a key is set (tests, benchmarks, reproducible demos). */
  offline: z.boolean().optional(),
});
export type LlmClientConfig = z.input<typeof LlmClientConfig>;

/**
 * Picks the Anthropic adapter when an API key is set (in `config.apiKey` or
 * `env.ANTHROPIC_API_KEY`) and the deterministic stand-in otherwise.
 * Throws {@link LlmConfigError} (`LLM_INVALID_CONFIG`) on invalid configuration.
 *
 * @example
 * const worker = createLlmClient({ simulated: { workerId: "w1", seed: 7, trueSuccessRate: 0.9 } });
 * worker.kind; // "simulated" unless ANTHROPIC_API_KEY is set
 */
export function createLlmClient(config: LlmClientConfig = {}, env: Record<string, string | undefined> = process.env): LlmClient {
  const parsed = LlmClientConfig.safeParse(config);
  if (!parsed.success) {
    throw new LlmConfigError("Invalid LLM client configuration", {
      code: "LLM_INVALID_CONFIG",
      // never echo the key back into logs
      details: { issues: parsed.error.issues.map(({ path, message }) => ({ path, message })) },
    });
  }
  const { apiKey, model, baseURL, timeoutMs, maxRetries, simulated, offline } = parsed.data;
  const key = apiKey?.trim() || env.ANTHROPIC_API_KEY?.trim();
  if (!key || offline) return new SimulatedLlmClient(simulated);
  return new AnthropicLlmClient({
    apiKey: key,
    ...(model === undefined ? {} : { model }),
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
}
