import type { Address, Hex } from "viem";
import { z } from "zod";
import { ChecksumAddress, Hash32 } from "../../protocol/codecs.js";
import { DEMO_OUTCOMES, type DemoOutcome } from "../../demo/metrics.js";
import { isTerminal, statusAfter, statusName, statusOfName, type EscrowEventName, type StatusName } from "../../protocol/taskLifecycle.js";

/** A status as the page shows it: its lower-case name (protocol/taskLifecycle.ts `statusName`). */
export type TaskStatus = Exclude<StatusName, "none">;

// Pure and browser-safe: the page folds the escrow's events with this, and mocha tests it.

/** One TaskEscrow event as the page reads it: decoded args plus the block's time. */
export interface EscrowEvent {
  name: EscrowEventName;
  args: Record<string, unknown>;
  block: bigint;
  logIndex: number;
  /** Unix seconds of the event's block. */
  time: number;
}

/** A step of a task's path; "cancel-requested" is the one event that does not change the status. */
export type PathStep = { status: TaskStatus | "cancel-requested"; time: number };

/** A task as its events tell it, funding to settlement. */
export interface TaskRow {
  taskId: Hex;
  client: Address;
  worker: Address;
  arbiter: Address;
  token: Address;
  amount: bigint;
  status: TaskStatus;
  path: PathStep[];
  fundedAt: number;
  deadline: number;
  reviewDeadline?: number;
  rulingDeadline?: number;
  settledAt?: number;
  payout: bigint;
  refund: bigint;
  fee: bigint;
  workerBps?: number;
}

/** True once the money has left the escrow for good. */
export const isSettled = (s: TaskStatus): boolean => isTerminal(statusOfName(s));

/** The name ITaskEscrow.Status (and agents/chain's EscrowTask) gives a status. */
export const chainStatusName = (s: TaskStatus): string => statusOfName(s);

/** The demo's and the swarm metrics' outcome of a settled status (cancelled is not one there). */
export function outcomeOf(s: TaskStatus): DemoOutcome | null {
  return (DEMO_OUTCOMES as readonly string[]).includes(s) ? (s as DemoOutcome) : null;
}

/** Every task event names its task and client; decoded once here (id in lower case, address checksummed). */
const TaskKey = z.object({ taskId: Hash32, client: ChecksumAddress });
/** TaskFunded also names the worker, the arbiter and the token. */
const FundedParties = z.object({ worker: ChecksumAddress, arbiter: ChecksumAddress, token: ChecksumAddress });

const big = (v: unknown): bigint => (typeof v === "bigint" ? v : typeof v === "number" ? BigInt(v) : 0n);
const num = (v: unknown): number => Number(big(v));

/**
 * Folds escrow events (any order) into one row per funded task, in funding order. Events of a
 * task whose funding was not seen are ignored: the scan starts at the escrow's deployment.
 *
 * @example
 * const rows = foldTasks(events); // rows[0].path: [{status:"funded"},{status:"submitted"},{status:"released"}]
 */
export function foldTasks(events: readonly EscrowEvent[]): TaskRow[] {
  const sorted = [...events].sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1));
  const rows = new Map<string, TaskRow>();
  for (const e of sorted) {
    const a = e.args;
    const task = TaskKey.safeParse(a);
    if (!task.success) continue;
    const { taskId, client } = task.data;
    // The escrow keys a task by (client, taskId): two clients' tasks under one id are two rows.
    const id = `${client}:${taskId}`;
    if (e.name === "TaskFunded") {
      const parties = FundedParties.safeParse(a);
      if (rows.has(id) || !parties.success) continue;
      rows.set(id, {
        taskId,
        client,
        ...parties.data,
        amount: big(a.amount),
        status: "funded",
        path: [{ status: "funded", time: e.time }],
        fundedAt: e.time,
        deadline: num(a.deadline),
        payout: 0n,
        refund: 0n,
        fee: 0n,
      });
      continue;
    }
    const row = rows.get(id);
    if (!row) continue;
    const next = statusAfter(e.name);
    const status = next === null ? null : (statusName(next) as TaskStatus);
    row.path.push({ status: status ?? "cancel-requested", time: e.time });
    if (status === null) continue;
    row.status = status;
    if (e.name === "TaskSubmitted") row.reviewDeadline = num(a.reviewDeadline);
    if (e.name === "TaskDisputed") row.rulingDeadline = num(a.rulingDeadline);
    if (typeof a.workerBps === "number") row.workerBps = a.workerBps;
    if (isSettled(status)) {
      row.settledAt = e.time;
      row.payout = big(a.workerPayout);
      row.refund = big(a.clientRefund);
      row.fee = big(a.fee);
    }
  }
  return [...rows.values()];
}

/** Money per token: still locked in open escrows, paid to workers, refunded to clients, taken in fees. */
export interface TokenMoney {
  token: Address;
  locked: bigint;
  paid: bigint;
  refunded: bigint;
  fees: bigint;
}

/** @example moneyByToken(rows) // [{ token, locked: 5000000n, paid: ..., refunded: ..., fees: ... }] */
export function moneyByToken(rows: readonly TaskRow[]): TokenMoney[] {
  const out = new Map<Address, TokenMoney>();
  for (const r of rows) {
    const m = out.get(r.token) ?? { token: r.token, locked: 0n, paid: 0n, refunded: 0n, fees: 0n };
    if (isSettled(r.status)) {
      m.paid += r.payout;
      m.refunded += r.refund;
      m.fees += r.fee;
    } else m.locked += r.amount;
    out.set(r.token, m);
  }
  return [...out.values()];
}
