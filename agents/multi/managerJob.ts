import { keccak256, stringToHex, type Address, type Hex } from "viem";
import type { TaskSpec } from "../protocol/task.js";
import type { Manager } from "../manager/Manager.js";
import type { EscrowTask } from "../runtime/ports.js";
import { outcomeOf } from "../protocol/taskLifecycle.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import { starterCriteria } from "../protocol/criteria.js";

export interface ManagerJobResult {
  tasks: number;
  settled: number;
  outcomes: Partial<Record<Outcome, number>>;
  unsettled: Hex[];
  /** Wall-clock milliseconds (Date.now()) when the first task was announced. */
  startedAt: number;
  /** From the first announcement until the last task settled (or timed out). */
  seconds: number;
  /** CPU milliseconds (user + system) the manager process spent on the job, when it measured it. */
  cpuMs?: number;
}

export interface ManagerJobDeps {
  manager: Pick<Manager, "announce"> & Partial<Pick<Manager, "outcome">>;
  getTask: (taskId: Hex) => Promise<Pick<EscrowTask, "status"> | undefined>;
  now: () => Promise<bigint>;
  token: Address;
  arbiter: Address;
  skills: readonly string[];
  /** Skill sets no single registered worker holds (market/teamSkillSets.ts): what each team task requires. */
  teamSkills?: readonly (readonly string[])[];
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/**
 * Announces `tasks` tasks, at most `concurrency` (default 1: one after another) open at a time,
 * then `teamTasks` more that each need a skill set of `teamSkills` (a team call: only a team can
 * do them), and waits (by reading the escrow) until each has settled or `timeoutMs` passed since
 * its announcement. What `npm run manager -- --tasks N [--team-tasks T] [--concurrency C]` runs.
 */
export async function runManagerJob(
  d: ManagerJobDeps,
  opts: { tasks: number; teamTasks?: number; seed: number; concurrency?: number; timeoutMs?: number; pollMs?: number },
): Promise<ManagerJobResult> {
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcomes: ManagerJobResult["outcomes"] = {};
  const unsettled: Hex[] = [];
  const run = `${opts.seed}-${Date.now()}`;
  const one = async (i: number): Promise<void> => {
    const now = Number(await d.now());
    const teamSet = i >= opts.tasks ? d.teamSkills?.[(i - opts.tasks) % d.teamSkills.length] : undefined;
    const required = teamSet ? [...teamSet] : [d.skills[i % d.skills.length]!];
    const skill = required.join("+");
    const spec: TaskSpec = {
      taskId: keccak256(stringToHex(`multi-${run}-${i}`)),
      title: `Task ${i + 1} (${skill})`,
      description: `A ${skill} job posted by the manager process${teamSet ? ": no single worker holds every skill" : ""}.`,
      requiredSkills: required,
      preferredSkills: [],
      budget: "5000000",
      token: d.token,
      deadline: now + 3_600,
      reviewPeriod: 600,
      arbiter: d.arbiter,
      criteria: starterCriteria(required),
    };
    const taskId = await d.manager.announce(spec);
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let outcome: Outcome | undefined;
    // A task nobody was awarded never reaches the escrow: the manager's own report ends the wait.
    let unawarded = false;
    void d.manager.outcome?.(taskId).then((r) => void (unawarded = r.outcome === "unawarded"));
    while (Date.now() < deadline) {
      if (unawarded) {
        outcome = "unawarded";
        break;
      }
      const t = await d.getTask(taskId).catch(() => undefined);
      outcome = t ? outcomeOf(t.status) : undefined;
      if (outcome) break;
      await sleep(opts.pollMs ?? 250);
    }
    if (outcome) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (!outcome || outcome === "unawarded") unsettled.push(taskId);
    d.log?.(`task ${i + 1}/${total} ${skill}${teamSet ? " (team call)" : ""}: ${outcome ?? "NOT settled"}`);
  };
  const total = opts.tasks + (d.teamSkills?.length ? (opts.teamTasks ?? 0) : 0);
  const startedAt = Date.now();
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, opts.concurrency ?? 1), total) }, async () => {
    while (next < total) await one(next++);
  });
  await Promise.all(lanes);
  return { tasks: total, settled: total - unsettled.length, outcomes, unsettled, startedAt, seconds: (Date.now() - startedAt) / 1000 };
}
