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
 * do them), and waits until each has settled (the manager's report, checked by one read of the
 * escrow) or `timeoutMs` passed since its announcement. What
 * `npm run manager -- --tasks N [--team-tasks T] [--concurrency C]` runs.
 */
export async function runManagerJob(
  d: ManagerJobDeps,
  opts: { tasks: number; teamTasks?: number; seed: number; concurrency?: number; timeoutMs?: number; pollMs?: number },
): Promise<ManagerJobResult> {
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcomes: ManagerJobResult["outcomes"] = {};
  const unsettled: Hex[] = [];
  const run = `${opts.seed}-${Date.now()}`;
  /**
   * How the task ended, in the escrow's words. With a manager that reports (Manager.outcome: it
   * follows its tasks' events) the wait costs one read of the escrow, to check its report;
   * otherwise the escrow is read every `pollMs`. A task nobody was awarded never reaches the
   * escrow: the manager's own report ends the wait.
   */
  const settlement = async (taskId: Hex, deadline: number): Promise<Outcome | undefined> => {
    const read = async () => {
      const t = await d.getTask(taskId).catch(() => undefined);
      return t ? outcomeOf(t.status) : undefined;
    };
    if (d.manager.outcome) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), Math.max(0, deadline - Date.now()))));
      const report = await Promise.race([d.manager.outcome(taskId), timedOut]).finally(() => clearTimeout(timer));
      return report?.outcome === "unawarded" ? "unawarded" : read();
    }
    while (Date.now() < deadline) {
      const outcome = await read();
      if (outcome) return outcome;
      await sleep(opts.pollMs ?? 250);
    }
    return undefined;
  };
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
    const outcome = await settlement(taskId, Date.now() + (opts.timeoutMs ?? 60_000));
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
