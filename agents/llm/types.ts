import { z } from "zod";
import { BidEstimate } from "../protocol/messages.js";
import { Bytes32 } from "../protocol/codecs.js";
import { CriterionScore } from "../protocol/verdict.js";
import type { CapabilityProfile, TaskSpec } from "../protocol/task.js";
import type { CostLedger } from "./costLedger.js";

/**
 * What a worker's model says about a task before bidding: the protocol's {@link BidEstimate}
 * before pricing (a cost instead of a price; the worker derives price and seconds). Parsed from
 * model output, so every field is bounded: a value outside these ranges is bad output and the
 * bid is dropped. A model may write a longer rationale than a bid carries; the worker trims it.
 */
export const ModelEstimate = BidEstimate.omit({ price: true, estimatedSeconds: true }).extend({
  /** Expected cost in token base units (steps × cost per step, as the worker sees it). */
  estimatedCost: z.number().nonnegative(),
  rationale: z.string().max(4_000),
});
export type ModelEstimate = z.infer<typeof ModelEstimate>;

/** A worker's result. `output` is what travels off-chain; its hash goes on-chain. */
export const ExecutionResult = z.strictObject({
  output: z.string().max(200_000),
  /** Steps actually used; the runtime turns them into the actual cost (× cost per step). */
  stepsUsed: z.number().int().nonnegative().max(100_000),
});
export type ExecutionResult = z.infer<typeof ExecutionResult>;

/**
 * The manager's verdict on a result: release when `score` reaches the threshold, else dispute. A
 * model judge adds its per-criterion scores, its model and the hash of the prompt it saw; the
 * manager turns every verdict into a record (protocol/verdict.ts).
 *
 * @example
 * const verdict: JudgeVerdict = { score: 0.8, reasons: ["covers every point"] };
 */
export const JudgeVerdict = z.strictObject({
  score: z.number().min(0).max(1),
  reasons: z.array(z.string().max(1_000)).max(20),
  criteria: z.array(CriterionScore).max(20).optional(),
  model: z.string().min(1).max(200).optional(),
  promptHash: Bytes32.optional(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

/** The task fields a model sees (a TaskSpec fits). */
export type LlmTask = Pick<TaskSpec, "taskId" | "title" | "description" | "requiredSkills" | "preferredSkills" | "budget" | "deadline" | "criteria">;

/**
 * Every LLM call of the agents goes through this interface: the Anthropic adapter and the
 * offline stand-in both implement it, so agents never know which one they talk to.
 *
 * Failures are typed: {@link ModelOutputError} for unusable answers (drop them and carry
 * on), {@link SystemFaultError} for timeouts and upstream failures left after retries,
 * {@link UserInputError} for requests the API rejects (bad key, unknown model).
 *
 * @example
 * const llm = createLlmClient({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const estimate = await llm.estimateBid(task, profile);
 */
export interface LlmClient {
  /** "anthropic", "simulated", or "own" (an SDK user's functions): shown in logs and demo output. */
  readonly kind: "anthropic" | "simulated" | "own";
  /** Where a metered client bills each call's usage (the Anthropic adapter); absent offline. */
  readonly ledger?: Pick<CostLedger, "forTask">;
  estimateBid(task: LlmTask, profile: CapabilityProfile): Promise<ModelEstimate>;
  execute(task: LlmTask): Promise<ExecutionResult>;
  judge(task: LlmTask, output: string): Promise<JudgeVerdict>;
}
