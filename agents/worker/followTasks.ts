import { isAddressEqual, type Hex } from "viem";
import type { BidTerms } from "../protocol/messages.js";
import type { EscrowTask } from "../runtime/ports.js";
import type { TaskFollower } from "../runtime/TaskFollower.js";
import { decideWorker } from "./decide.js";
import { stepTask } from "./workTask.js";
import type { WorkerCore, WorkerRecord } from "./workerTypes.js";

/**
 * Whether the worker would do anything on a task as it last saw it, at chain time `now`: the same
 * decision {@link stepTask} takes, so a deadline that passes (a review window to claim, a ruling
 * window to settle) is acted on without an event, and a task that only waits is not read.
 */
export function workerWaits(r: WorkerRecord | undefined, seen: EscrowTask, now: bigint): boolean {
  // A dispute we have not yet sent our evidence for is work to do.
  if (seen.status === "Disputed" && r?.spec && r.output !== undefined && !r.evidenceSent) return false;
  const local = { hasSpec: !!r?.spec, executed: r?.output !== undefined, failed: !!r?.failed, finalized: !!r?.finalized };
  return decideWorker(local, seen, now).kind === "wait";
}

/**
 * One look at the chain for a worker: on a resync (start-up, or after the watcher failed) every
 * task the escrow names it worker of and that it has not finalized is followed again; then each
 * followed task that is due (touched by an event, a deadline passed, never read, or its last step
 * failed) is stepped; {@link stepTask} unfollows a task once finalized (or found not ours), so
 * it costs no read again.
 */
export async function followWorkerTasks(core: WorkerCore, follower: TaskFollower, bidOn: (taskId: Hex) => BidTerms | undefined, opts: { polled?: boolean } = {}): Promise<void> {
  const look = await follower.look({ poll: !opts.polled });
  if (look.resync)
    for (const task of await core.deps.escrow.tasksWhere({ role: "worker", account: core.address }))
      if (!core.tasks.load(task.taskId)?.finalized) follower.follow(task);
  for (const task of follower.followed()) {
    const bid = bidOn(task.taskId);
    // Our record of this id is a bid for another client: that escrow is not the one we know about.
    if (bid && !isAddressEqual(bid.client, task.client)) {
      follower.unfollow(task);
      continue;
    }
    if (!follower.due(task, (seen, now) => workerWaits(core.tasks.load(task.taskId), seen, now))) continue;
    try {
      await stepTask(core, task);
    } catch (err) {
      follower.retry(task);
      core.log.warn("step failed", { taskId: task.taskId, error: String(err) });
    }
  }
}
