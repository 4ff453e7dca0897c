import { isAddressEqual, type Address } from "viem";
import { taskKey } from "../chain/escrow/baseClient.js";
import type { EscrowChange } from "../chain/escrowWatch.js";
import { isTerminal, statusAfter } from "../protocol/taskLifecycle.js";
import type { TaskRef } from "../runtime/ports.js";

/**
 * Which tasks an arbiter follows: only disputes, since nothing else asks anything of it. It
 * remembers the open tasks that name it (from their TaskFunded, or `name` on a resync) and claims
 * one when its TaskDisputed is mined; a settled task is forgotten. Pass `claims` to a TaskFollower.
 *
 * @example
 * const disputes = disputeClaims(me);
 * const follower = new TaskFollower(escrow.watch, disputes.claims);
 */
export function disputeClaims(arbiter: Address) {
  const named = new Set<string>();
  return {
    claims(c: EscrowChange): boolean {
      const key = taskKey(c);
      if (c.eventName === "TaskFunded" && c.arbiter && isAddressEqual(c.arbiter, arbiter)) named.add(key);
      const status = statusAfter(c.eventName);
      if (status && isTerminal(status)) named.delete(key);
      return c.eventName === "TaskDisputed" && named.has(key);
    },
    /** A task the escrow names this arbiter of, found by a full read (a resync). */
    name(task: TaskRef): void {
      named.add(taskKey(task));
    },
    /** Read and found settled (or not ours): no longer a possible dispute. */
    forget(task: TaskRef): void {
      named.delete(taskKey(task));
    },
  };
}
