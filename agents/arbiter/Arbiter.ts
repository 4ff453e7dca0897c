import { AgentLoop } from "../runtime/AgentLoop.js";
import type { LlmClient } from "../llm/types.js";
import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { resultHash, specHash } from "../protocol/hashes.js";
import type { EvidenceMessage, Message } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import type { Endpoint, Sender } from "../transport/Transport.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { AgentTaskStore, type TaskStore } from "../runtime/TaskStore.js";
import { systemClock, type AgentStore, type Clock, type EscrowPort, type Logger, type TaskRef } from "../runtime/ports.js";

export interface ArbiterDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  llm: Pick<LlmClient, "judge">;
  log?: Logger;
  store?: AgentStore;
  /** A silent arbiter never rules, so the escrow's fallback split applies. */
  silent?: boolean;
  clock?: Clock;
  /** Re-read the chain this often (ms); 0 (default) leaves ticking to the caller. */
  pollIntervalMs?: number;
  /**
   * Until this many seconds before the ruling deadline, a ruling waits for both parties'
   * evidence; after that it rules on what it has (default 3,600).
   */
  lastCallSeconds?: bigint;
}

/**
 * The worker's share, in basis points, for a disputed result: the judge's score when the
 * delivered output matches the submitted hash, nothing when it does not or never arrived.
 */
export function rulingBps(evidence: { output?: string; submittedHash: Hex }, score: number | undefined): number {
  if (evidence.output === undefined || score === undefined) return 0;
  if (resultHash(evidence.output) !== evidence.submittedHash.toLowerCase()) return 0;
  return Math.round(Math.max(0, Math.min(1, score)) * 10_000);
}

/** What the arbiter keeps per task id: the spec each client (manager) announced under it and every result it was sent. */
interface ArbiterRecord {
  specs?: Record<Address, TaskSpec>;
  results: { worker: string; output: string }[];
  /** The parties whose evidence arrived. */
  heard?: Address[];
}

/**
 * Rules disputes where it is the named arbiter. The parties of a disputed task send it their
 * evidence (the spec, the signed result), addressed to it alone; it keeps what checks out
 * against the escrow and on each tick rules the open disputes.
 */
export class Arbiter extends AgentLoop {
  readonly address: Address;
  private readonly tasks: TaskStore<ArbiterRecord>;

  constructor(private readonly d: ArbiterDeps) {
    const address = getAddress(d.escrow.account);
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`arbiter ${address.slice(0, 8)}`), pollIntervalMs: d.pollIntervalMs });
    this.address = address;
    this.tasks = new AgentTaskStore<ArbiterRecord>(d.store ?? new MemoryStore());
  }

  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      if (this.d.silent) return;
      for (const task of await this.d.escrow.tasksWhere("arbiter", this.address)) await this.maybeRule(task);
    });
  }

  protected override onMessage(m: Message, from: Sender): void {
    switch (m.type) {
      case "evidence":
        void this.queue.push(() => this.takeEvidence(m, from)).then(() => this.tick());
        return;
      case "report":
      case "announce":
      case "result":
      case "bid":
      case "award":
      case "reject":
      case "cancel":
        return; // never addressed to an arbiter
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Keeps evidence only from a party of a task we arbitrate: the spec if it hashes to the
   * escrow's specHash, the result if it is the worker's (matched against the submitted hash at
   * ruling time, so several may be kept).
   */
  private async takeEvidence(m: EvidenceMessage, from: Sender): Promise<void> {
    const taskId = m.taskId.toLowerCase() as Hex;
    const t = await this.d.escrow.getTask({ client: getAddress(m.client), taskId }).catch(() => undefined);
    if (!t || !isAddressEqual(t.arbiter, this.address) || (!isAddressEqual(from.address, t.client) && !isAddressEqual(from.address, t.worker))) {
      this.log.warn("evidence ignored: not from a party of a task we arbitrate", { taskId, sender: from.address });
      return;
    }
    const r = this.tasks.load(taskId);
    const specs = specHash(m.spec) === t.specHash.toLowerCase() ? { ...r?.specs, [getAddress(t.client)]: m.spec } : r?.specs;
    const results = m.result && isAddressEqual(m.result.worker as Address, t.worker) ? [...(r?.results ?? []), { worker: m.result.worker, output: m.result.output }] : (r?.results ?? []);
    this.tasks.save(taskId, { specs, results, heard: [...new Set([...(r?.heard ?? []), from.address])] });
  }

  private async maybeRule(task: TaskRef): Promise<void> {
    const taskId = task.taskId.toLowerCase() as Hex;
    const t = await this.d.escrow.getTask(task);
    const now = await this.d.escrow.now();
    if (t.status !== "Disputed" || now > t.rulingDeadline) return;
    // Specs are keyed by client as well, as the escrow keys tasks: another client's task under the same id is another task.
    const { specs = {}, results = [], heard = [] } = this.tasks.load(taskId) ?? {};
    const heardBoth = [t.client, t.worker].every((p) => heard.some((h) => isAddressEqual(h, p)));
    if (!heardBoth && now < t.rulingDeadline - (this.d.lastCallSeconds ?? 3_600n)) return;
    const spec = specs[getAddress(task.client)];
    if (!spec) {
      // We never saw this task announced (or lost our store): ruling blind would punish a party
      // for our amnesia, so abstain and let the escrow's fallback split apply.
      this.log.warn("no evidence: task spec unknown; abstaining", { taskId });
      return;
    }
    const delivered = results.find(
      (r) => isAddressEqual(r.worker as Address, t.worker) && resultHash(r.output) === t.resultHash.toLowerCase(),
    );
    const score = delivered ? (await this.d.llm.judge(spec, delivered.output)).score : undefined;
    const bps = rulingBps({ output: delivered?.output, submittedHash: t.resultHash }, score);
    const tx = await this.d.escrow.rule(task, bps);
    await this.tell([t.client, t.worker], { type: "report", taskId, reporter: this.address, worker: t.worker, outcome: "ruled", txHash: tx.hash, detail: `workerBps ${bps}` });
    this.log.info("ruled", { taskId, workerBps: bps, evidence: delivered ? "matching result" : "none" });
  }
}
