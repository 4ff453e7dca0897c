import { SystemFaultError } from "../errors.js";
import type { AgentDirectory, DirectoryEntry } from "../registry/directory.js";

/** Skills the manager and the arbiter put on their cards: agents with only these are not workers. */
const NON_WORKER_SKILLS = new Set(["hire", "arbitrate"]);

export class NoWorkersError extends SystemFaultError {
  override name = "NoWorkersError";
}

/**
 * Waits until the registry (through `directory`) lists at least `count` workers that `ready`
 * accepts (e.g. connected), or `timeoutMs` passes; then returns the workers it lists. There is no
 * roster: whoever registered is who there is.
 *
 * @throws NoWorkersError `NO_WORKERS` when none is listed at all by then.
 */
export async function waitForWorkers(
  directory: AgentDirectory,
  o: { count: number; timeoutMs: number; ready?: (w: DirectoryEntry) => boolean; sleep?: (ms: number) => Promise<void> },
): Promise<DirectoryEntry[]> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const until = Date.now() + o.timeoutMs;
  let workers: DirectoryEntry[] = [];
  for (;;) {
    workers = (await directory.capable([]).catch(() => [])).filter((e) => e.skills.some((s) => !NON_WORKER_SKILLS.has(s)));
    if (workers.length >= o.count && workers.every((w) => o.ready?.(w) ?? true)) return workers;
    if (Date.now() > until) break;
    await sleep(250);
  }
  if (workers.length === 0) throw new NoWorkersError(`no worker registered within ${o.timeoutMs} ms`, { code: "NO_WORKERS", details: { timeoutMs: o.timeoutMs } });
  return workers;
}

/** The worker skills of the agents listed (the manager's own and the arbiter's are left out). */
export const workerSkills = (workers: readonly DirectoryEntry[]): string[] => [...new Set(workers.flatMap((w) => w.skills))].filter((s) => !NON_WORKER_SKILLS.has(s));
