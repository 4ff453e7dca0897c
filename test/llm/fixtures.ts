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
