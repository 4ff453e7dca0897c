import { getAddress, isAddressEqual, zeroHash, type Address, type Hex } from "viem";
import { resultHash, specHash } from "../protocol/hashes.js";
import { runMachineChecks, type CheckResult } from "../protocol/machineChecks.js";
import type { EvidenceMessage, Message } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import { cappedScore, replayVerdict, type VerdictRecord } from "../protocol/verdict.js";
import { AgentTaskStore, type TaskStore } from "../runtime/TaskStore.js";
import type { AgentStore, EscrowPort, EscrowTask, TaskRef } from "../runtime/ports.js";
import type { Sender } from "../transport/Transport.js";

/**
 * What an arbiter or a juror weighs in a dispute: the announced task, the deliverable whose hash
 * the worker submitted, the machine checks run on it here, and the client's verdict record when
 * one came and replays against that spec and output.
 */
export interface Evidence {
  spec: TaskSpec;
  /** The delivered output matching the submitted hash; absent when none arrived (or none matches). */
  output?: string;
  submittedHash: Hex;
  /** The spec's machine checks run on `output` by the evidence holder (empty without an output). */
  checks: CheckResult[];
  /** The client's verdict on `output`, only if it replays (protocol/verdict.ts `replayVerdict`). */
  verdict?: VerdictRecord;
}

/** Where dispute evidence comes from; the {@link EvidenceBook} the parties' evidence messages fill is one. */
export interface EvidenceSource {
  evidenceFor(task: TaskRef, chain: Pick<EscrowTask, "terms" | "submission">): Evidence | undefined;
}

/** A team wallet's members as its contract lists them (an EOA has none: the read fails or returns nothing). */
export type TeamMembersReader = (team: Address) => Promise<readonly Address[]>;

/** Per task id: the spec of each client's task under that id, every result sent, and who sent evidence. */
interface EvidenceRecord {
  specs?: Record<Address, TaskSpec>;
  results: { worker: Address; output: string }[];
  heard?: Address[];
  /** Verdict records that came with dispute reports; the one that replays is picked later. */
  verdicts?: VerdictRecord[];
}

/**
 * Keeps the evidence the parties of a dispute send an arbiter or juror (addressed to it alone),
 * in its store so a restart keeps it, and hands out a dispute's evidence: the spec that hashes to
 * the escrow's specHash and the one result from its worker whose hash is the one on chain.
 * Evidence from anyone but the task's client or worker is dropped; several results may be kept
 * (a party may lie) and lose at the hash check.
 *
 * @example
 * const book = new EvidenceBook(store);
 * await book.take(message, from, escrow, myAddress); // on an "evidence" message
 * const evidence = book.evidenceFor(task, await escrow.getTask(task));
 */
export class EvidenceBook implements EvidenceSource {
  private readonly tasks: TaskStore<EvidenceRecord>;

  /**
   * `teamMembers` reads a team wallet's members on chain (TeamAccount `members()`; none for an EOA):
   * a team's side of a dispute is told by one of its members' agents, since the wallet has no endpoint.
   */
  constructor(store: AgentStore, private readonly o: { teamMembers?: TeamMembersReader } = {}) {
    this.tasks = new AgentTaskStore<EvidenceRecord>(store);
  }

  /** Keeps evidence if `from` is a party of a task whose arbiter is `arbiter` (or a member of the team that is its worker); false when dropped. */
  async take(m: EvidenceMessage, from: Sender, escrow: Pick<EscrowPort, "getTask">, arbiter: Address): Promise<boolean> {
    const { taskId } = m;
    const t = await escrow.getTask({ client: getAddress(m.client), taskId }).catch(() => undefined);
    if (!t || !isAddressEqual(t.terms.arbiter, arbiter)) return false;
    const party = isAddressEqual(from.address, t.terms.client) || isAddressEqual(from.address, t.terms.worker);
    const member = !party && this.o.teamMembers ? (await this.o.teamMembers(t.terms.worker).catch(() => [])).some((a) => isAddressEqual(a, from.address)) : false;
    if (!party && !member) return false;
    const r = this.tasks.load(taskId);
    const specs = specHash(m.spec) === t.specHash ? { ...r?.specs, [getAddress(t.terms.client)]: m.spec } : r?.specs;
    const fromWorker = m.result && isAddressEqual(m.result.worker, t.terms.worker);
    const results = fromWorker ? [...(r?.results ?? []), { worker: m.result!.worker, output: m.result!.output }] : (r?.results ?? []);
    // A team member speaks for the team: the team (the task's worker) has been heard.
    this.tasks.save(taskId, { ...r, specs, results, heard: [...new Set([...(r?.heard ?? []), member ? getAddress(t.terms.worker) : from.address])] });
    return true;
  }

  /** Keeps the verdict record a dispute report carries, only from the judge it names (the client's counts if it replays, see evidenceFor). */
  record(m: Message, from: Sender): void {
    if (m.type === "report" && m.verdict && isAddressEqual(from.address, m.verdict.judge.agent)) {
      const { taskId } = m;
      const r = this.tasks.load(taskId);
      this.tasks.save(taskId, { ...r, results: r?.results ?? [], verdicts: [...(r?.verdicts ?? []), m.verdict].slice(-8) });
    }
  }

  /**
   * Keeps a dispute report's verdict record when its sender is the judge the record names and the
   * client of a task whose arbiter is `arbiter` (only the client's verdict counts, see evidenceFor);
   * false when dropped, so nobody else fills the book.
   */
  async takeReport(m: Message, from: Sender, escrow: Pick<EscrowPort, "getTask">, arbiter: Address): Promise<boolean> {
    if (m.type !== "report" || !m.verdict || !isAddressEqual(from.address, m.verdict.judge.agent)) return false;
    const t = await escrow.getTask({ client: from.address, taskId: m.taskId }).catch(() => undefined);
    if (!t || !isAddressEqual(t.terms.arbiter, arbiter)) return false;
    this.record(m, from);
    return true;
  }

  /** True once both the client and the worker of the task sent their evidence. */
  heardBoth(task: TaskRef, chain: Pick<EscrowTask, "terms">): boolean {
    const heard = this.tasks.load(task.taskId)?.heard ?? [];
    return [chain.terms.client, chain.terms.worker].every((p) => heard.some((h) => isAddressEqual(h, p)));
  }

  /** Undefined when the task's spec never arrived: judging blind would punish a party for our amnesia. */
  evidenceFor(task: TaskRef, chain: Pick<EscrowTask, "terms" | "submission">): Evidence | undefined {
    // Specs are keyed by client as well, as the escrow keys tasks: another client's task under the same id is another task.
    const { specs = {}, results = [], verdicts = [] } = this.tasks.load(task.taskId) ?? {};
    const spec = specs[getAddress(task.client)];
    if (!spec) return undefined;
    const submittedHash = chain.submission?.resultHash ?? zeroHash;
    const delivered = results.find(
      (r) => isAddressEqual(r.worker, chain.terms.worker) && resultHash(r.output) === submittedHash,
    );
    const output = delivered?.output;
    if (output === undefined) return { spec, output, submittedHash, checks: [] };
    // Only the client's own verdict on this very output counts, and only if it replays.
    const verdict = verdicts.find((v) => isAddressEqual(v.judge.agent, task.client) && replayVerdict(v, spec, output).ok);
    return { spec, output, submittedHash, checks: runMachineChecks(spec.criteria, output), ...(verdict ? { verdict } : {}) };
  }
}

/**
 * The worker's share, in basis points, for a disputed result: the judge's score when the
 * delivered output matches the submitted hash, capped like any verdict when one of the spec's
 * machine checks failed on it; nothing when it does not match or never arrived.
 */
export function rulingBps(evidence: { output?: string; submittedHash: Hex; checks?: readonly CheckResult[] }, score: number | undefined): number {
  if (evidence.output === undefined || score === undefined) return 0;
  if (resultHash(evidence.output) !== evidence.submittedHash) return 0;
  return Math.round(cappedScore(Math.max(0, Math.min(1, score)), evidence.checks ?? []) * 10_000);
}

/**
 * One line on what a ruling weighed: the machine checks that passed on the delivered output and
 * the client's verdict record, if one replayed.
 *
 * @example
 * evidenceSummary(evidence); // "checks 6/7 passed; client verdict 0.49 (anthropic claude-sonnet-4-6) replays"
 */
export function evidenceSummary(evidence: Pick<Evidence, "output" | "checks" | "verdict">): string {
  if (evidence.output === undefined) return "no matching result";
  const checks = `checks ${evidence.checks.filter((c) => c.passed).length}/${evidence.checks.length} passed`;
  const v = evidence.verdict;
  return `${checks}; ${v ? `client verdict ${v.score.toFixed(2)} (${v.judge.kind} ${v.judge.model}) replays` : "no replayable client verdict"}`;
}
