import { z } from "zod";
import { keyedUniform } from "../random.js";
import { runMachineChecks, scoreFromChecks } from "../protocol/machineChecks.js";
import type { CapabilityProfile } from "../protocol/task.js";
import { LlmConfigError } from "./errors.js";
import { meetingOutput, missingOutput } from "./simulatedOutput.js";
import { ModelEstimate, ExecutionResult, JudgeVerdict } from "./types.js";
import type { LlmClient, LlmTask } from "./types.js";

/**
 * The hidden truth of one simulated worker. Its bids, outputs and the judge's scores follow
 * from it, so a market that learns should find out who is good without being told.
 */
export const SimulatedTruth = z.strictObject({
  workerId: z.string().min(1).max(128).default("simulated"),
  seed: z.union([z.string().max(128), z.number().int()]).default(0),
  /** Probability that an attempt succeeds. */
  trueSuccessRate: z.number().min(0).max(1).default(0.8),
  /** Claimed success = true rate × overconfidence (± claimNoise), clamped to [0.01, 0.99]. */
  overconfidence: z.number().min(0).max(10).default(1),
  claimNoise: z.number().min(0).max(0.5).default(0.02),
  /** Mean steps a task really takes; each task draws 70%–130% of it. */
  trueStepsMean: z.number().positive().max(10_000).default(5),
  /** Estimated steps = true steps × costBias (below 1: the worker underestimates cost). */
  costBias: z.number().positive().max(10).default(1),
});
export type SimulatedTruth = z.input<typeof SimulatedTruth>;

/**
 * Offline stand-in for {@link AnthropicLlmClient}, used whenever no API key is set.
 *
 * Deterministic per `(seed, workerId, taskId)`: whether an attempt succeeds is one keyed draw
 * against the hidden `trueSuccessRate`, so re-running a task gives the same result and two
 * seeds give different ones. A successful attempt's output meets the task's acceptance criteria,
 * a failed one misses one of them (simulatedOutput.ts). The judge runs the criteria's machine
 * checks and nothing else (machineChecks.ts): 1 when all pass, under 0.49 when one fails. There is
 * no secret format: honest output from any worker that meets the criteria passes.
 *
 * @example
 * const worker = new SimulatedLlmClient({ workerId: "w7", seed: 1, trueSuccessRate: 0.6, overconfidence: 1.5 });
 * (await worker.estimateBid(task, profile)).successProbability; // ≈ 0.9 (claims), succeeds ≈ 60%
 */
export class SimulatedLlmClient implements LlmClient {
  readonly kind = "simulated" as const;
  readonly truth: Readonly<z.output<typeof SimulatedTruth>>;

  constructor(truth: SimulatedTruth = {}) {
    const parsed = SimulatedTruth.safeParse(truth);
    if (!parsed.success) {
      throw new LlmConfigError("Invalid simulated worker truth", { code: "LLM_INVALID_CONFIG", details: { issues: parsed.error.issues } });
    }
    this.truth = Object.freeze(parsed.data);
  }

  /** Whether this worker's attempt at `task` succeeds (the hidden draw; exposed for simulations and tests). */
  succeeds(task: Pick<LlmTask, "taskId">): boolean {
    return this.#draw(task.taskId, "success") < this.truth.trueSuccessRate;
  }

  /** Steps this task really takes this worker. */
  trueSteps(task: Pick<LlmTask, "taskId">): number {
    return Math.max(1, Math.round(this.truth.trueStepsMean * (0.7 + 0.6 * this.#draw(task.taskId, "steps"))));
  }

  async estimateBid(task: LlmTask, profile: CapabilityProfile) {
    const { trueSuccessRate, overconfidence, claimNoise, costBias } = this.truth;
    const noise = claimNoise * (2 * this.#draw(task.taskId, "claim") - 1);
    const successProbability = Math.min(0.99, Math.max(0.01, trueSuccessRate * overconfidence + noise));
    const estimatedSteps = Math.min(profile.maxSteps, Math.max(1, Math.round(this.trueSteps(task) * costBias)));
    return ModelEstimate.parse({
      successProbability,
      estimatedSteps,
      estimatedCost: estimatedSteps * profile.costPerStep,
      rationale: `Simulated worker ${this.truth.workerId}: about ${estimatedSteps} steps for "${task.title.slice(0, 80)}".`,
    });
  }

  async execute(task: LlmTask) {
    const worker = this.truth.workerId;
    const output = this.succeeds(task) ? meetingOutput(task, worker) : missingOutput(task, worker, this.#draw(task.taskId, "flaw"));
    return ExecutionResult.parse({ output, stepsUsed: this.trueSteps(task) });
  }

  async judge(task: LlmTask, output: string) {
    const checks = runMachineChecks(task.criteria, output);
    const failed = checks.filter((r) => !r.passed).map((r) => `${r.check}: ${r.detail}`);
    const reasons = checks.length === 0 ? ["No machine checks in the criteria."] : failed.length === 0 ? ["Every machine check passed."] : failed;
    return JudgeVerdict.parse({ score: scoreFromChecks(checks), reasons: reasons.slice(0, 20), model: "machine-checks" });
  }

  #draw(taskId: string, purpose: string): number {
    return keyedUniform(this.truth.seed, this.truth.workerId, taskId, purpose);
  }
}
