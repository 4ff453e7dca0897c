import { z } from "zod";
import { keyedUniform } from "../random.js";
import { LlmConfigError } from "./errors.js";
import { JudgeVerdict } from "./types.js";
import type { LlmClient, LlmTask } from "./types.js";

/** The hidden truth of one simulated juror: how well it judges and which way it leans. */
export const SimulatedJurorTruth = z.strictObject({
  jurorId: z.string().min(1).max(128),
  seed: z.union([z.string().max(128), z.number().int()]).default(0),
  /** 1 judges exactly as the underlying judge; below it, noise of sd (1 − accuracy) × 0.5 on the 0..1 score. */
  accuracy: z.number().min(0).max(1).default(0.8),
  /** Added to every score (− leans to the client, + to the worker). */
  bias: z.number().min(-1).max(1).default(0),
});
export type SimulatedJurorTruth = z.input<typeof SimulatedJurorTruth>;

/**
 * Offline stand-in for a juror's own judge: it asks an underlying judge (the simulated model, whose
 * score reflects whether the work is right) and errs like a person would, by a persistent `bias`
 * and a per-case noise set by its hidden `accuracy`, both deterministic per (seed, juror, task).
 * A panel of such jurors errs less than one, which is what JuryArbiter's median relies on.
 *
 * @example
 * const judge = simulatedJuror(new SimulatedLlmClient({ workerId: "court" }), { jurorId: "j1", accuracy: 0.7, bias: -0.05 });
 * (await judge.judge(task, output)).score;
 */
export function simulatedJuror(inner: Pick<LlmClient, "judge">, truth: SimulatedJurorTruth): Pick<LlmClient, "judge"> & { truth: z.output<typeof SimulatedJurorTruth> } {
  const parsed = SimulatedJurorTruth.safeParse(truth);
  if (!parsed.success) {
    throw new LlmConfigError("Invalid simulated juror truth", { code: "LLM_INVALID_CONFIG", details: { issues: parsed.error.issues } });
  }
  const t = Object.freeze(parsed.data);
  return {
    truth: t,
    async judge(task: LlmTask, output: string) {
      const base = await inner.judge(task, output);
      // Box-Muller from two keyed uniforms: the same juror judges the same case the same way.
      const u1 = keyedUniform(t.seed, t.jurorId, task.taskId, "n1");
      const u2 = keyedUniform(t.seed, t.jurorId, task.taskId, "n2");
      const normal = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      const score = Math.min(1, Math.max(0, base.score + t.bias + normal * (1 - t.accuracy) * 0.5));
      return JudgeVerdict.parse({ score, reasons: [...base.reasons.slice(0, 19), `juror ${t.jurorId}'s reading`] });
    },
  };
}
