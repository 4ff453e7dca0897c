import type { Address, Hex } from "viem";
import type { AnnouncedTask } from "../../protocol/announcedTask.js";
import type { PathStep, TaskRow, TaskStatus } from "./tasks.js";

// Pure and browser-safe: the Market view's rows, from the escrow's events and the manager's list.

/** Before funding a task is "bidding", "awarding" (a bid chosen, its funding not on chain yet) or "unawarded". */
export type PreFundingStatus = "bidding" | "awarding" | "unawarded";

/** A step of the whole path: the manager's two steps before funding, then the escrow's. */
export type MarketStep = PathStep | { status: "announced"; time: number | null } | { status: "bids-received"; count: number; time: null };

/** One task as the page lists it: from its announcement if the manager told us, else from its funding. */
export interface MarketRow {
  taskId: Hex;
  client: Address;
  status: TaskStatus | PreFundingStatus;
  path: MarketStep[];
  /** The escrow's row once funded (amount, parties, deadlines, settlement). */
  funded?: TaskRow;
  /** The manager's public entry, if this task came from a manager the dashboard reads. */
  announced?: AnnouncedTask;
  /** The announced deadline before funding, the escrow's after. */
  deadline: number;
  /** Time of the first step known, for ordering: announcement, else funding. */
  since: number;
}

// Both sides are decoded (foldTasks and AnnouncedTask): ids in lower case, addresses checksummed.
const key = (client: Address, taskId: Hex) => `${client}:${taskId}`;
const PRE_FUNDING: Record<AnnouncedTask["phase"], PreFundingStatus> = { bidding: "bidding", awarded: "awarding", unawarded: "unawarded" };

/**
 * Joins the manager's announced tasks to the escrow's funded ones by (client, taskId): a funded
 * task's path starts with "announced" and "N bids received" when its manager listed it; an
 * announced task nobody funded (yet) is a row of its own. Oldest first.
 *
 * @example
 * marketRows(foldTasks(events), list.tasks) // [{ status: "released", path: [announced, 3 bids, funded, submitted, released] }, { status: "bidding", ... }]
 */
export function marketRows(tasks: readonly TaskRow[], announced: readonly AnnouncedTask[]): MarketRow[] {
  const byKey = new Map(announced.map((a) => [key(a.client, a.taskId), a]));
  const seen = new Set<string>();
  const before = (a: AnnouncedTask): MarketStep[] => [
    { status: "announced", time: a.announcedAt },
    { status: "bids-received", count: a.bidsReceived, time: null },
  ];
  const rows: MarketRow[] = tasks.map((t) => {
    const k = key(t.client, t.taskId);
    const a = byKey.get(k);
    seen.add(k);
    return { taskId: t.taskId, client: t.client, status: t.status, path: [...(a ? before(a) : []), ...t.path], funded: t, ...(a ? { announced: a } : {}), deadline: t.deadline, since: a?.announcedAt ?? t.fundedAt };
  });
  for (const a of announced) {
    if (seen.has(key(a.client, a.taskId))) continue;
    rows.push({ taskId: a.taskId, client: a.client, status: PRE_FUNDING[a.phase], path: before(a), announced: a, deadline: a.deadline, since: a.announcedAt ?? 0 });
  }
  // Stable: funded tasks keep their funding order among equal times.
  return rows.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => a.since - b.since || i - j).map(([r]) => r);
}
