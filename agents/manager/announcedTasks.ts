import { AnnouncedTask } from "../protocol/announcedTask.js";
import type { ManagerCore } from "./managerTypes.js";

/**
 * The manager's read-only status: every task it announced, oldest first, with the steps before
 * funding (announced, how many bids it received, awarded or not). Each entry goes through the
 * public AnnouncedTask schema, which keeps only its fields: the winner's terms and signature,
 * the spec's description and budget stay in the manager's store.
 *
 * @example
 * announcedTasks(core) // [{ taskId, client, requiredSkills, deadline, announcedAt, bidsReceived: 3, phase: "awarded" }]
 */
export function announcedTasks(core: Pick<ManagerCore, "address" | "tasks">): AnnouncedTask[] {
  return core.tasks.list().map(([taskId, r]) =>
    AnnouncedTask.parse({
      taskId,
      client: core.address,
      requiredSkills: r.spec.requiredSkills,
      deadline: r.spec.deadline,
      announcedAt: r.announcedAt ?? null,
      bidsReceived: r.bidsReceived ?? 0,
      phase: r.phase,
    }),
  );
}
