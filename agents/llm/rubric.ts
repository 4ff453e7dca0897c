import { z } from "zod";
import type { AcceptanceCriteria } from "../protocol/criteria.js";
import type { CheckResult } from "../protocol/machineChecks.js";
import type { CriterionScore } from "../protocol/verdict.js";
import { LlmOutputError } from "./errors.js";
import { describeTask } from "./prompts.js";
import type { LlmTask } from "./types.js";

/** Criteria a model judge scores when the task's rubric is empty. */
const DEFAULT_RUBRIC = "Does the output do what the task description asks, correctly and completely?";
/** A rubric is split into at most this many criteria (the rest are joined into the last one). */
export const MAX_RUBRIC_ITEMS = 12;

/** One criterion of the rubric, as the model is asked to score it. */
export interface RubricItem {
  id: string;
  text: string;
}

/**
 * The criteria of a rubric: one per line, or per sentence (ending in `?`, `.` or `!`) on a line.
 * The order is the rubric's, the ids `r1`, `r2`, … follow it, so the same rubric always gives the
 * same criteria.
 *
 * @example
 * rubricItems(starterCriteria(["summarise"])).map((i) => i.id); // ["r1", "r2"]
 */
export function rubricItems(criteria: Pick<AcceptanceCriteria, "rubric"> | undefined): RubricItem[] {
  const text = criteria?.rubric.trim() || DEFAULT_RUBRIC;
  const parts = text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[?.!])\s+/))
    .map((p) => p.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").trim())
    .filter((p) => p.length > 0);
  const kept = parts.length > MAX_RUBRIC_ITEMS ? [...parts.slice(0, MAX_RUBRIC_ITEMS - 1), parts.slice(MAX_RUBRIC_ITEMS - 1).join(" ")] : parts;
  return kept.map((t, i) => ({ id: `r${i + 1}`, text: t.slice(0, 1_000) }));
}

/** The model's answer: a score and a reason per criterion id. Parsed strictly: anything else is bad output. */
export const RubricAnswer = z.strictObject({
  criteria: z
    .array(z.strictObject({ id: z.string().max(8), score: z.number().min(0).max(1), reason: z.string().max(1_000) }))
    .min(1)
    .max(MAX_RUBRIC_ITEMS),
  summary: z.string().max(1_000),
});
export type RubricAnswer = z.infer<typeof RubricAnswer>;

/**
 * The judge's prompt: the task, the rubric's criteria by id, the machine checks' results (run by
 * code, not by the model) and the output as untrusted data in `<result>` tags.
 */
export function rubricPrompt(task: LlmTask, output: string, checks: readonly CheckResult[], items: readonly RubricItem[]): string {
  // A result that closes the tag early must not escape the data section.
  const safe = output.replaceAll("</result>", "</ result>");
  const checkLines = checks.length === 0 ? "(none)" : checks.map((c) => `- ${c.check}: ${c.passed ? "PASSED" : "FAILED"} (${c.detail})`).join("\n");
  return [
    `Task:\n${describeTask(task)}`,
    `Machine checks, already run by code on the output (a failed one caps the final score below the release threshold whatever you score):\n${checkLines}`,
    `Score each criterion from 0 to 1, with a one-sentence reason, under its id:\n${items.map((i) => `- ${i.id}: ${i.text}`).join("\n")}`,
    `<result>\n${safe}\n</result>`,
  ].join("\n\n");
}

/**
 * The per-criterion scores of an answer, in the rubric's order. An answer that misses a criterion,
 * names one twice or names one the rubric does not have is bad output ({@link LlmOutputError}).
 */
export function criterionScores(answer: RubricAnswer, items: readonly RubricItem[], ctx: { taskId: string; model: string }): CriterionScore[] {
  const byId = new Map(answer.criteria.map((c) => [c.id, c]));
  const ids = answer.criteria.map((c) => c.id);
  const missing = items.filter((i) => !byId.has(i.id)).map((i) => i.id);
  const unknown = ids.filter((id) => !items.some((i) => i.id === id));
  if (missing.length > 0 || unknown.length > 0 || byId.size !== ids.length) {
    throw new LlmOutputError("LLM_SCHEMA_MISMATCH", "Judge answer does not score exactly the rubric's criteria", {
      details: { operation: "judge", ...ctx, expected: items.map((i) => i.id), got: ids, missing, unknown },
    });
  }
  return items.map((i) => ({ id: i.id, criterion: i.text, score: byId.get(i.id)!.score, reason: byId.get(i.id)!.reason }));
}
