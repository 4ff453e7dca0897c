import { seededRandom } from "../random.js";
import type { CapabilityProfile } from "../protocol/task.js";
import type { SimulatedTruth } from "../llm/simulated.js";

/**
 * What goes wrong on purpose during a task, so that the demo shows every settlement path:
 * - `none`: the market runs as it is (release, or a dispute when the judge rejects real bad work);
 * - `managerSilent`: the manager goes offline after the award, so the worker claims an auto-release;
 * - `badWork`: the winner delivers unusable output, so the manager disputes and the arbiter rules;
 * - `arbiterSilent`: bad work too, but the arbiter is offline, so the fallback split settles it;
 * - `workerCrash`: the winner crashes before submitting, so the client takes the timeout refund;
 * - `workerDecline`: the winner's model is down, so it declines and the money returns at once.
 */
export type Fault = "none" | "managerSilent" | "badWork" | "arbiterSilent" | "workerCrash" | "workerDecline";
export const FORCED_FAULTS: readonly Fault[] = ["managerSilent", "badWork", "arbiterSilent", "workerCrash", "workerDecline"];

export interface DemoWorker {
  profile: CapabilityProfile;
  truth: Omit<SimulatedTruth, "workerId" | "seed">;
}

export interface PlannedTask {
  label: string;
  requiredSkills: string[];
  preferredSkills: string[];
  fault: Fault;
}

const SKILLS = ["summarise", "translate", "code", "audit", "research"] as const;

const NAMED: DemoWorker[] = [
  { profile: { agentId: "ada", skills: ["summarise", "translate", "research"], costPerStep: 100_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.95, overconfidence: 1.0 } },
  { profile: { agentId: "bo", skills: ["summarise", "code"], costPerStep: 60_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.45, overconfidence: 2.0 } },
  { profile: { agentId: "cy", skills: ["code", "audit"], costPerStep: 140_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.9, overconfidence: 1.0 } },
  { profile: { agentId: "dee", skills: ["translate", "audit", "research"], costPerStep: 90_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.8, overconfidence: 1.1 } },
  { profile: { agentId: "eve", skills: ["summarise", "code", "audit"], costPerStep: 120_000, maxSteps: 60 }, truth: { trueSuccessRate: 0.7, overconfidence: 1.3 } },
];

/**
 * The demo's workers: five named ones with different skills and hidden quality (ada is good and
 * honest, bo is cheap but overconfident, ...), then seeded extras.
 *
 * @example demoWorkers(4, 1).map((w) => w.profile.agentId) // ["ada", "bo", "cy", "dee"]
 */
export function demoWorkers(count: number, seed: number): DemoWorker[] {
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

/**
 * Which tasks to run and which fault each carries. The first three tasks run clean, so the
 * market has something to learn from; each forced fault then lands once at a seeded position;
 * every task requires a skill some worker has.
 */
export function planTasks(count: number, seed: number, workers: readonly DemoWorker[]): PlannedTask[] {
  if (count < FORCED_FAULTS.length + 1) throw new RangeError(`planTasks: need at least ${FORCED_FAULTS.length + 1} tasks, got ${count}`);
  const rnd = seededRandom(`demo-plan-${seed}`);
  const offered = [...new Set(workers.flatMap((w) => w.profile.skills))];
  const faults: Fault[] = Array.from({ length: count }, () => "none");
  const start = Math.min(3, count - FORCED_FAULTS.length);
  const slots = Array.from({ length: count - start }, (_, i) => i + start);
  for (const fault of FORCED_FAULTS) {
    const [slot] = slots.splice(Math.floor(rnd() * slots.length), 1);
    faults[slot!] = fault;
  }
  return faults.map((fault, i) => {
    const required = offered[Math.floor(rnd() * offered.length)]!;
    const preferred = offered.filter((s) => s !== required && rnd() < 0.25);
    return { label: `demo-${seed}-${i}`, requiredSkills: [required], preferredSkills: preferred, fault };
  });
}
