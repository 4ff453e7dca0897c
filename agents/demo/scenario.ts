import type { SimulatedWorker } from "../llm/simulatedWorkers.js";
import { seededRandom } from "../random.js";

/** Seconds the client has to release or dispute after submission, in the demo. */
export const REVIEW_PERIOD = 600;
/** Seconds from announcement to the submission deadline, in the demo. */
export const DEADLINE_AFTER = 3_600;
/** The escrow's default ruling window (TaskEscrow.DEFAULT_RULING_WINDOW). */
export const RULING_WINDOW = 3 * 24 * 3_600;

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

export interface PlannedTask {
  label: string;
  requiredSkills: string[];
  preferredSkills: string[];
  fault: Fault;
}

/**
 * Which tasks to run and which fault each carries. The first three tasks run clean, so the
 * market has something to learn from; each forced fault then lands once at a seeded position;
 * every task requires a skill some worker has.
 */
export function planTasks(count: number, seed: number, workers: readonly SimulatedWorker[]): PlannedTask[] {
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
