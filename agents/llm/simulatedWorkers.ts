import type { CapabilityProfile } from "../protocol/task.js";
import { seededRandom } from "../random.js";
import type { SimulatedTruth } from "./simulated.js";

/** A simulated worker: its public profile and the hidden truth its stand-in model plays. */
export interface SimulatedWorker {
  profile: CapabilityProfile;
  truth: Omit<SimulatedTruth, "workerId" | "seed">;
}

const SKILLS = ["summarise", "translate", "code", "audit", "research"] as const;

const NAMED: SimulatedWorker[] = [
  { profile: { agentId: "ada", skills: ["summarise", "translate", "research"], costPerStep: 100_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.95, overconfidence: 1.0 } },
  { profile: { agentId: "bo", skills: ["summarise", "code"], costPerStep: 60_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.45, overconfidence: 2.0 } },
  { profile: { agentId: "cy", skills: ["code", "audit"], costPerStep: 140_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.9, overconfidence: 1.0 } },
  { profile: { agentId: "dee", skills: ["translate", "audit", "research"], costPerStep: 90_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.8, overconfidence: 1.1 } },
  { profile: { agentId: "eve", skills: ["summarise", "code", "audit"], costPerStep: 120_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.7, overconfidence: 1.3 } },
];

/**
 * The simulated workers of the demo and the multi-process mode: five named ones with different skills and hidden quality (ada is good and
 * honest, bo is cheap but overconfident, ...), then seeded extras.
 *
 * @example simulatedWorkers(4, 1).map((w) => w.profile.agentId) // ["ada", "bo", "cy", "dee"]
 */
export function simulatedWorkers(count: number, seed: number): SimulatedWorker[] {
  const rnd = seededRandom(`demo-workers-${seed}`);
  const out = NAMED.slice(0, count);
  for (let i = out.length; i < count; i++) {
    const skills = SKILLS.filter(() => rnd() < 0.5);
    if (skills.length === 0) skills.push(SKILLS[i % SKILLS.length]!);
    out.push({
      profile: { agentId: `w${i}`, skills: [...skills], costPerStep: 50_000 + Math.round(rnd() * 100_000), maxSteps: 60 },
      truth: { trueSuccessRate: 0.4 + rnd() * 0.55, overconfidence: 1 + rnd() },
    });
  }
  return out;
}

