import type { CapabilityProfile } from "../../agents/protocol/task.js";
import { starterCriteria } from "../../agents/protocol/criteria.js";
import type { LlmTask } from "../../agents/llm/index.js";

export function makeTask(i: number, over: Partial<LlmTask> = {}): LlmTask {
  return {
    taskId: `0x${i.toString(16).padStart(64, "0")}`,
    title: `Task ${i}`,
    description: `Summarise document ${i} in three bullet points.`,
    requiredSkills: ["summarise"],
    preferredSkills: [],
    budget: "1000000",
    deadline: 1_900_000_000,
    criteria: starterCriteria(["summarise"]),
    ...over,
  };
}

export const profile: CapabilityProfile = { agentId: "w1", skills: ["summarise"], costPerStep: 1000, maxSteps: 50 };

/** The rubric ids (`r1`, `r2`, …) a judge request asks the model to score, read from its prompt. */
export function rubricIdsOf(body: unknown): string[] {
  const content = (body as { messages?: { content?: unknown }[] }).messages?.[0]?.content;
  return typeof content === "string" ? [...content.matchAll(/^- (r\d+): /gm)].map((m) => m[1]!) : [];
}

/** A model's rubric answer scoring every criterion of the request `score`. */
export function rubricAnswer(body: unknown, score: number, summary = "Meets the rubric."): { criteria: { id: string; score: number; reason: string }[]; summary: string } {
  return { criteria: rubricIdsOf(body).map((id) => ({ id, score, reason: `${id} scored ${score}` })), summary };
}
