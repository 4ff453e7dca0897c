import { AgentLoop } from "../runtime/AgentLoop.js";
import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { resultHash } from "../protocol/hashes.js";
import type { Message } from "../protocol/messages.js";
import { parseMessage } from "../protocol/parseMessage.js";
import type { TaskSpec } from "../protocol/task.js";
import type { Endpoint } from "../transport/Transport.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { systemClock, type AgentStore, type Clock, type EscrowPort, type LlmPort, type Logger, type TaskRef } from "../runtime/ports.js";

export interface ArbiterDeps {
  escrow: EscrowPort;
  endpoint: Endpoint;
  llm: Pick<LlmPort, "judge">;
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

/**
 * Rules disputes where it is the named arbiter. It keeps every announced spec and delivered
 * result it sees on the board as evidence, and on each tick rules the open disputes.
 */
export class Arbiter extends AgentLoop {
  readonly address: Address;
  private readonly store: AgentStore;

  constructor(private readonly d: ArbiterDeps) {
    const address = getAddress(d.escrow.account);
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`arbiter ${address.slice(0, 8)}`), pollIntervalMs: d.pollIntervalMs });
    this.address = address;
    this.store = d.store ?? new MemoryStore();
  }

  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      if (this.d.silent) return;
      for (const task of await this.d.escrow.tasksWhere("arbiter", this.address)) await this.maybeRule(task);
    });
  }

  protected override onRaw(raw: unknown): void {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      this.log.warn("message ignored", { reason: parsed.error.message });
      return;
    }
    const m: Message = parsed.message;
    // Keyed by client and id, as the escrow keys tasks: another client's task under the same id is another task.
    if (m.type === "announce") this.store.set(`spec:${getAddress(m.manager)}:${m.spec.taskId.toLowerCase()}`, m.spec);
    // Several results may arrive for one task (replays, forgeries): keep all, pick by hash later.
    else if (m.type === "result") {
      const key = `result:${m.taskId.toLowerCase()}`;
      this.store.set(key, [...(this.store.get<{ worker: string; output: string }[]>(key) ?? []), { worker: m.worker, output: m.output }]);
    } else if (m.type === "report" && m.outcome === "disputed") void this.tick();
  }

  private async maybeRule(task: TaskRef): Promise<void> {
    const taskId = task.taskId.toLowerCase() as Hex;
    const t = await this.d.escrow.getTask(task);
    if (t.status !== "Disputed" || (await this.d.escrow.now()) > t.rulingDeadline) return;
    const spec = this.store.get<TaskSpec>(`spec:${getAddress(task.client)}:${taskId}`);
    if (!spec) {
      // We never saw this task announced (or lost our store): ruling blind would punish a party
      // for our amnesia, so abstain and let the escrow's fallback split apply.
      this.log.warn("no evidence: task spec unknown; abstaining", { taskId });
      return;
    }
    const results = this.store.get<{ worker: string; output: string }[]>(`result:${taskId}`) ?? [];
    const delivered = results.find(
      (r) => isAddressEqual(r.worker as Address, t.worker) && resultHash(r.output) === t.resultHash.toLowerCase(),
    );
    const score = delivered ? (await this.d.llm.judge(spec, delivered.output)).score : undefined;
    const bps = rulingBps({ output: delivered?.output, submittedHash: t.resultHash }, score);
    const tx = await this.d.escrow.rule(task, bps);
    await this.d.endpoint.send({ type: "report", taskId, reporter: this.address, worker: t.worker, outcome: "ruled", txHash: tx.hash, detail: `workerBps ${bps}` });
    this.log.info("ruled", { taskId, workerBps: bps, evidence: delivered ? "matching result" : "none" });
  }
}
