import { z } from "zod";
import { Skill } from "./task.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";

/**
 * What a manager tells anyone about a task it announced: the steps before the escrow is funded
 * ("announced", "bids received"). Public by design, so it carries only the count of bids, never
 * a bid's contents, price, bidder or signature, nor the task's description or budget. Unknown
 * keys are stripped on parse, so whatever a record holds besides these never leaves through it.
 * Parsing puts the task id in lower case and the addresses in checksum form.
 */
export const AnnouncedTask = z.object({
  taskId: Hash32,
  /** The announcing manager: the task's client once the escrow is funded. */
  client: ChecksumAddress,
  requiredSkills: z.array(Skill).max(32),
  /** Unix seconds by which the result must be submitted (the announced deadline). */
  deadline: z.number().int().positive(),
  /** Chain time (unix seconds) of the announcement; null for a record older than this field. */
  announcedAt: z.number().int().nonnegative().nullable(),
  /** Bids that passed the manager's checks (signature, terms, capability) while bidding was open. */
  bidsReceived: z.number().int().nonnegative(),
  /** bidding: the window is open; awarded: the escrow was funded; unawarded: no bid won, or bidding was withdrawn. */
  phase: z.enum(["bidding", "awarded", "unawarded"]),
});
export type AnnouncedTask = z.infer<typeof AnnouncedTask>;

/** `GET /tasks` on a manager: every task it announced, oldest first. */
export const AnnouncedTasks = z.object({
  manager: ChecksumAddress,
  tasks: z.array(AnnouncedTask).max(100_000),
});
export type AnnouncedTasks = z.infer<typeof AnnouncedTasks>;
