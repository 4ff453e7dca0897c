import { getAddress, isAddressEqual, zeroHash, type Address, type Hex } from "viem";
import { resultHash } from "../protocol/hashes.js";
import { runMachineChecks, type CheckResult } from "../protocol/machineChecks.js";
import type { Message } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import { cappedScore, replayVerdict, type VerdictRecord } from "../protocol/verdict.js";
import { AgentTaskStore, type TaskStore } from "../runtime/TaskStore.js";
import type { AgentStore, EscrowTask, TaskRef } from "../runtime/ports.js";

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

/** Where dispute evidence comes from; the board-fed {@link EvidenceBook} is one, point-to-point delivery another. */
export interface EvidenceSource {
  evidenceFor(task: TaskRef, chain: Pick<EscrowTask, "terms" | "submission">): Evidence | undefined;
}

/** Per task id: the spec each client (manager) announced under it and every result seen. */
interface EvidenceRecord {
  specs?: Record<Address, TaskSpec>;
  results: { worker: string; output: string }[];
  /** Verdict records that came with dispute reports; the one that replays is picked later. */
  verdicts?: VerdictRecord[];
}

/**
 * Keeps the announcements and results an arbiter or juror receives, in its store (so a restart
 * keeps them), and hands out a dispute's evidence: the spec its client announced and the one
 * result from its worker whose hash is the one on chain. Forged or replayed results are kept
 * too and lose at that hash check.
 *
 * @example
 * const book = new EvidenceBook(store);
 * endpoint.onMessage((raw) => { const p = parseMessage(raw); if (p.ok) book.record(p.message); });
 * const evidence = book.evidenceFor(task, await escrow.getTask(task));
 */
export class EvidenceBook implements EvidenceSource {
  private readonly tasks: TaskStore<EvidenceRecord>;

  constructor(store: AgentStore) {
    this.tasks = new AgentTaskStore<EvidenceRecord>(store);
  }

  /** Records an announcement or a result; other messages carry no evidence. */
  record(m: Message): void {
    if (m.type === "announce") {
      const taskId = m.spec.taskId as Hex;
      const r = this.tasks.load(taskId);
      this.tasks.save(taskId, { specs: { ...r?.specs, [getAddress(m.manager)]: m.spec }, results: r?.results ?? [] });
    } else if (m.type === "result") {
      const taskId = m.taskId as Hex;
      const r = this.tasks.load(taskId);
      this.tasks.save(taskId, { ...r, results: [...(r?.results ?? []), { worker: m.worker, output: m.output }] });
    } else if (m.type === "report" && m.verdict) {
      const taskId = m.taskId.toLowerCase() as Hex;
      const r = this.tasks.load(taskId);
      this.tasks.save(taskId, { ...r, results: r?.results ?? [], verdicts: [...(r?.verdicts ?? []), m.verdict].slice(-8) });
    }
  }

  /** Undefined when the task's spec was never seen: judging blind would punish a party for our amnesia. */
  evidenceFor(task: TaskRef, chain: Pick<EscrowTask, "terms" | "submission">): Evidence | undefined {
    // Specs are keyed by client as well, as the escrow keys tasks: another client's task under the same id is another task.
    const { specs = {}, results = [], verdicts = [] } = this.tasks.load(task.taskId) ?? {};
    const spec = specs[getAddress(task.client)];
    if (!spec) return undefined;
    const submittedHash = chain.submission?.resultHash ?? zeroHash;
    const delivered = results.find(
      (r) => isAddressEqual(r.worker as Address, chain.terms.worker) && resultHash(r.output) === submittedHash.toLowerCase(),
    );
    const output = delivered?.output;
    if (output === undefined) return { spec, output, submittedHash, checks: [] };
    // Only the client's own verdict on this very output counts, and only if it replays.
    const verdict = verdicts.find((v) => isAddressEqual(v.judge.agent as Address, task.client) && replayVerdict(v, spec, output).ok);
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
  if (resultHash(evidence.output) !== evidence.submittedHash.toLowerCase()) return 0;
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
