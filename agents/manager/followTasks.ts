import type { TaskFollower } from "../runtime/TaskFollower.js";
import { decideManager } from "./decide.js";
import type { ManagerCore } from "./managerTypes.js";
import { awardedTaskIds } from "./recovery.js";
import { stepTask, taskRef } from "./settle.js";

/**
 * One look at the chain for a manager: each awarded, unsettled task is followed, and stepped only
 * when it is due: an event touched it, it was never read since followed (start-up, a resync), its
 * last step failed, or {@link decideManager} would act on what it last saw at the chain's current
 * time (a deadline passed: refund, dispute before the review window closes, the fallback).
 * {@link stepTask} unfollows a task once finalized: it costs no read again.
 */
export async function followManagerTasks(core: ManagerCore, follower: TaskFollower, opts: { polled?: boolean } = {}): Promise<void> {
  await follower.look({ poll: !opts.polled });
  const { options } = core;
  for (const id of awardedTaskIds(core)) {
    const ref = taskRef(core, id);
    follower.follow(ref);
    const waits = (seen: Parameters<typeof decideManager>[1], now: bigint) => {
      const r = core.tasks.load(id);
      if (!r) return true;
      const { kind } = decideManager(r, seen, now, options.resultGraceSeconds);
      // An owner who decides (HostedManager) judges and disputes; the loop only waits for it.
      return kind === "wait" || (options.hostDecides && (kind === "judge" || kind === "dispute"));
    };
    if (!follower.due(ref, waits)) continue;
    try {
      await stepTask(core, id);
    } catch (err) {
      follower.retry(ref);
      core.log.warn("step failed", { taskId: id, error: String(err) });
    }
  }
}
