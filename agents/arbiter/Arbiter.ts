import { AgentLoop } from "../runtime/AgentLoop.js";
import type { LlmClient } from "../llm/types.js";
import { getAddress, isAddressEqual, zeroHash, type Address, type Hex } from "viem";
import { resultHash } from "../protocol/hashes.js";
import type { Message } from "../protocol/messages.js";
import type { TaskSpec } from "../protocol/task.js";
import type { Endpoint } from "../transport/Transport.js";
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
}

/**
 * Rules disputes where it is the named arbiter. It keeps every announced spec and delivered
 * result it sees on the board as evidence, and on each tick rules the open disputes.
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
      for (const task of await this.d.escrow.tasksWhere({ role: "arbiter", account: this.address })) await this.maybeRule(task);
    });
  }

  protected override onMessage(m: Message): void {
    switch (m.type) {
      case "announce": {
        const taskId = m.spec.taskId as Hex;
        const r = this.tasks.load(taskId);
        this.tasks.save(taskId, { specs: { ...r?.specs, [getAddress(m.manager)]: m.spec }, results: r?.results ?? [] });
        return;
      }
      case "result": {
        // Several results may arrive for one task (replays, forgeries): keep all, pick by hash later.
        const taskId = m.taskId as Hex;
        const r = this.tasks.load(taskId);
        this.tasks.save(taskId, { ...r, results: [...(r?.results ?? []), { worker: m.worker, output: m.output }] });
        return;
      }
      case "report":
        if (m.outcome === "disputed") void this.tick();
        return;
      case "bid":
      case "award":
      case "reject":
      case "cancel":
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async maybeRule(task: TaskRef): Promise<void> {
    const taskId = task.taskId.toLowerCase() as Hex;
    const t = await this.d.escrow.getTask(task);
    if (t.status !== "Disputed" || (await this.d.escrow.now()) > (t.dispute?.rulingDeadline ?? 0n)) return;
    // Specs are keyed by client as well, as the escrow keys tasks: another client's task under the same id is another task.
    const { specs = {}, results = [] } = this.tasks.load(taskId) ?? {};
    const spec = specs[getAddress(task.client)];
    if (!spec) {
      // We never saw this task announced (or lost our store): ruling blind would punish a party
      // for our amnesia, so abstain and let the escrow's fallback split apply.
      this.log.warn("no evidence: task spec unknown; abstaining", { taskId });
      return;
    }
    const submittedHash = t.submission?.resultHash ?? zeroHash;
    const delivered = results.find(
      (r) => isAddressEqual(r.worker as Address, t.terms.worker) && resultHash(r.output) === submittedHash.toLowerCase(),
    );
    const score = delivered ? (await this.d.llm.judge(spec, delivered.output)).score : undefined;
    const bps = rulingBps({ output: delivered?.output, submittedHash }, score);
    const tx = await this.d.escrow.rule({ ...task, workerBps: bps });
    await this.d.endpoint.send({ type: "report", taskId, reporter: this.address, worker: t.terms.worker, outcome: "ruled", txHash: tx.hash, detail: `workerBps ${bps}` });
    this.log.info("ruled", { taskId, workerBps: bps, evidence: delivered ? "matching result" : "none" });
  }
}
