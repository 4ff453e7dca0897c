import { isAddressEqual, type Address, type Hex } from "viem";
import { BidTerms } from "../protocol/messages.js";
import { isTerminal } from "../protocol/taskLifecycle.js";
import { matchesBid } from "../runtime/matchesBid.js";
import type { memberRound } from "../runtime/memberRound.js";
import type { EscrowTask, TaskRef } from "../runtime/ports.js";
import { ActionRefusedError, isoTime, wrongStatus } from "../runtime/refusal.js";
import type { TaskStore } from "../runtime/TaskStore.js";
import { resultHash } from "../protocol/hashes.js";
import type { ReportMessage } from "../protocol/messages.js";
import { decideWorker, nextStepInWords } from "./decide.js";
import { deliver } from "./workTask.js";
import { submitForTeam } from "./teamDelivery.js";
import { leadsTeam, settleAsTeamLead } from "./teamSettle.js";
import type { HostedWorkerCore, WorkerRecord } from "./workerTypes.js";

/** Persisted per task by a hosted worker: the worker's record plus what only a hosted worker tracks. */
export type HostedRecord = WorkerRecord & { reviewed?: boolean; declined?: string };

/** Our part in the team the escrow names on a task: its wallet, split, and whether we lead it (the first member). */
export interface TeamPart {
  address: Address;
  members: Address[];
  sharesBps: number[];
  lead: boolean;
}

/** A task the escrow holds for a hosted worker: its own (the escrow names it) or its team's (the escrow names the wallet whose bid it signed). */
export interface HostedTask {
  ref: TaskRef;
  chain: EscrowTask;
  record?: HostedRecord;
  team?: TeamPart;
}

type Core = Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "tell" | "log" | "clock"> & { tasks: TaskStore<HostedRecord> };

/** The host's output on a task of its own: the hash submitted on chain, then the signed result sent to the client (workTask.ts deliver). */
export async function deliverOwn(core: Core, t: HostedTask, output: string, now: bigint) {
  const { ref, chain } = t;
  if (chain.status !== "Funded") throw wrongStatus(ref.taskId, chain.status, "a result is submitted once, while Funded");
  if (now > chain.terms.deadline) throw new ActionRefusedError("DEADLINE_PASSED", `the deadline passed at ${isoTime(chain.terms.deadline)}; the client can take a refund`, { deadline: chain.terms.deadline, now });
  const hash = resultHash(output);
  core.tasks.save(ref.taskId, { ...core.tasks.load(ref.taskId), output });
  const tx = await core.deps.escrow.submit({ ...ref, resultHash: hash });
  await deliver(core, ref, output);
  return { tx, resultHash: hash, reviewDeadline: (await core.deps.escrow.getTask(ref)).submission?.reviewDeadline ?? 0n };
}

/** Whatever settlement is due on a task of its own: auto-release after a silent review period, the fallback split, or a refund. */
export async function claimOwn(core: Core, t: HostedTask, now: bigint) {
  const { ref, chain } = t;
  const next = decideWorker({ hasSpec: true, executed: true, failed: false, finalized: false }, chain, now);
  const { escrow } = core.deps;
  if (next.kind === "auto-release") return { kind: "auto-released" as const, tx: await escrow.autoRelease(ref) };
  if (next.kind === "settle-fallback") return { kind: "fallback-settled" as const, tx: await escrow.settleFallback(ref) };
  if (chain.status === "Funded" && now > chain.terms.deadline) return { kind: "refunded" as const, tx: await escrow.refund(ref) };
  const when = nextStepInWords(chain, core.tasks.load(ref.taskId)?.output !== undefined, now);
  throw new ActionRefusedError("NOTHING_DUE", `nothing to claim on ${ref.taskId} (status ${chain.status}): ${when}`, { status: chain.status, now });
}

/** Whether a report is this lead's cue to settle its team's task: about the team wallet, from the client or the arbiter of the bid it signed. */
export function isTeamLeadCue(core: Core, m: ReportMessage, from: Address): boolean {
  const r = core.tasks.load(m.taskId);
  if (!leadsTeam(r, core.address) || !m.worker || !isAddressEqual(m.worker, r.team.address)) return false;
  const bid = BidTerms.decode(r.bid);
  return isAddressEqual(from, bid.client) || isAddressEqual(from, bid.arbiter);
}

/** Every escrow that names this worker and holds the terms it signed, and every team task of ours (see {@link teamTasks}), with its on-chain view. */
export async function hostedTasks(core: Core): Promise<HostedTask[]> {
  const { escrow } = core.deps;
  const out: HostedTask[] = [];
  for (const ref of await escrow.tasksWhere({ role: "worker", account: core.address })) {
    const chain = await escrow.getTask(ref);
    const record = core.tasks.load(ref.taskId);
    if (record?.bid && !matchesBid(chain, BidTerms.decode(record.bid))) continue;
    out.push({ ref, chain, ...(record ? { record } : {}) });
  }
  return [...out, ...(await teamTasks(core))];
}

/**
 * The team tasks of a hosted worker: every task whose team bid it signed and whose escrow names
 * that team wallet (the escrow names the wallet, not us, so `tasksWhere` does not find them).
 */
export async function teamTasks(core: Core): Promise<HostedTask[]> {
  const out: HostedTask[] = [];
  for (const [taskId, record] of core.tasks.list()) {
    if (!record.team || !record.bid) continue;
    const ref = { client: BidTerms.decode(record.bid).client, taskId };
    const chain = await core.deps.escrow.getTask(ref).catch(() => undefined);
    if (!chain || !isAddressEqual(chain.terms.worker, record.team.address)) continue;
    out.push({ ref, chain, record, team: { ...record.team, lead: isAddressEqual(record.team.members[0]!, core.address) } });
  }
  return out;
}

/** What is due next on a team task, in words a model acts on: the lead works and claims for the team, a member waits. */
export function teamNextStep(t: HostedTask & { team: TeamPart }, chainNow: bigint): string {
  const delivered = t.record?.output !== undefined && t.chain.status !== "Funded";
  if (!t.team.lead) return `your team's lead ${t.team.members[0]} delivers and claims for the team (you sign its submit call on your own); ${isTerminal(t.chain.status) ? "settled: review the client" : "wait"}`;
  if (isTerminal(t.chain.status) && !t.record?.teamSettled) return "claim: distribute the team wallet's payout to its members";
  return `you lead team ${t.team.address}: ${nextStepInWords(t.chain, delivered, chainNow)}`;
}

/**
 * The lead's delivery for its team: the host's output, submitted through the team wallet once
 * every member signed the call (teamDelivery.ts submitForTeam), then sent to the client. A member
 * that is not the lead is refused: its lead delivers.
 */
export async function deliverForTeam(core: Core, round: ReturnType<typeof memberRound> | undefined, t: HostedTask & { team: TeamPart }, output: string, now: bigint) {
  const id = t.ref.taskId;
  if (!t.team.lead) throw new ActionRefusedError("TASK_NOT_YOURS", `your team's lead ${t.team.members[0]} delivers task ${id}; you sign its submit call on your own`, { lead: t.team.members[0] });
  if (t.chain.status !== "Funded") throw wrongStatus(id, t.chain.status, "a result is submitted once, while Funded");
  if (now > t.chain.terms.deadline) throw new ActionRefusedError("DEADLINE_PASSED", `the deadline passed at ${isoTime(t.chain.terms.deadline)}; the client can take a refund`, { deadline: t.chain.terms.deadline, now });
  if (!round) throw new ActionRefusedError("TEAM_NOT_SIGNED", "this worker trusts no TeamAccountFactory: it cannot submit for a team", {});
  // The host's output replaces any kept from a failed attempt (submitForTeam reuses a kept output).
  core.tasks.save(id, { ...core.tasks.load(id), output });
  const d = await submitForTeam(core, round, id, () => Promise.resolve(output));
  if (!d.ok) throw new ActionRefusedError("TEAM_NOT_SIGNED", `the team's submit call was not signed by every member (${d.code}): ${d.reason}; deliver again to retry before the deadline`, { code: d.code });
  const chain = await core.deps.escrow.getTask(t.ref);
  return { tx: { hash: d.submitTx }, resultHash: d.resultHash, reviewDeadline: chain.submission?.reviewDeadline ?? 0n };
}

/** The lead's claim for its team (teamSettle.ts): the auto-release or fallback split when due, then the wallet's distribution. */
export async function claimForTeam(core: Core, t: HostedTask & { team: TeamPart }, now: bigint): Promise<{ kind: string; tx: { hash: Hex } }> {
  const id = t.ref.taskId;
  if (!t.team.lead) throw new ActionRefusedError("NOTHING_DUE", `your team's lead ${t.team.members[0]} claims and distributes for the team`, { lead: t.team.members[0] });
  const step = await settleAsTeamLead(core, id);
  if (step.kind === "settled" && step.distributeTx) return { kind: step.claimed === "settle-fallback" ? "fallback-settled-and-distributed" : step.claimed ? "auto-released-and-distributed" : "distributed", tx: { hash: step.distributeTx } };
  const settled = core.tasks.load(id)?.teamSettled;
  throw new ActionRefusedError("NOTHING_DUE", `nothing to claim on ${id} (status ${t.chain.status}): ${settled ? `settled (${settled}), the team wallet holds nothing to distribute` : nextStepInWords(t.chain, true, now)}`, { status: t.chain.status, now });
}
