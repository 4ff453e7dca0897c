import { AgentLoop } from "../runtime/AgentLoop.js";
import type { LlmClient } from "../llm/types.js";
import { getAddress, type Address } from "viem";
import type { Message } from "../protocol/messages.js";
import type { Endpoint, Sender } from "../transport/Transport.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { EvidenceBook, evidenceSummary, rulingBps, type TeamMembersReader } from "./evidenceBook.js";
import { systemClock, type AgentStore, type Clock, type EscrowPort, type EscrowTask, type Logger, type TaskRef } from "../runtime/ports.js";
import { TaskFollower } from "../runtime/TaskFollower.js";
import { disputeClaims } from "./disputeClaims.js";

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
  /** Reads a team wallet's members (chain/teamFactory.ts `teamMembersReader`): a team task's evidence comes from a member, and the ruling is reported to each. */
  teamMembers?: TeamMembersReader;
}

/**
 * Rules disputes where it is the named arbiter. The parties of a disputed task send it their
 * evidence (the spec, the signed result), addressed to it alone; it keeps what checks out
 * against the escrow (evidenceBook.ts) and on each tick rules the open disputes, once both
 * parties were heard or the ruling deadline is near.
 */
export class Arbiter extends AgentLoop {
  readonly address: Address;
  private readonly evidence: EvidenceBook;
  /** The open tasks naming this arbiter, of which it follows only the disputed ones. */
  private readonly disputes: ReturnType<typeof disputeClaims>;
  private readonly follower: TaskFollower;

  constructor(private readonly d: ArbiterDeps) {
    const address = getAddress(d.escrow.account);
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`arbiter ${address.slice(0, 8)}`), pollIntervalMs: d.pollIntervalMs });
    this.address = address;
    this.evidence = new EvidenceBook(d.store ?? new MemoryStore(), d.teamMembers ? { teamMembers: d.teamMembers } : {});
    this.disputes = disputeClaims(address);
    this.follower = new TaskFollower(d.escrow.watch, this.disputes.claims);
  }

  protected override onStop(): void {
    this.follower.close();
  }

  /**
   * Looks at the chain (one poll of the process's escrow watcher) and rules the disputes that are
   * ripe: only disputed tasks naming it are followed (disputeClaims.ts), and one is read when an
   * event touched it or it would now rule on what it last saw (both parties heard, or the last
   * call before the ruling deadline). A resync (start-up, after the watcher failed) reads every
   * open task naming it once.
   */
  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      const look = await this.follower.look();
      if (this.d.silent) return;
      if (look.resync)
        for (const task of await this.d.escrow.tasksWhere({ role: "arbiter", account: this.address })) {
          this.disputes.name(task);
          this.follower.follow(task);
        }
      for (const task of this.follower.followed()) {
        if (!this.follower.due(task, (seen, now) => !this.ripe(task, seen, now))) continue;
        try {
          await this.maybeRule(task);
        } catch (err) {
          this.follower.retry(task);
          this.log.warn("ruling step failed", { taskId: task.taskId, error: String(err) });
        }
      }
    });
  }

  /** Would rule now on a dispute as last seen: within its ruling window, both parties heard or the last call reached. */
  private ripe(task: TaskRef, t: EscrowTask, now: bigint): boolean {
    const rulingDeadline = t.dispute?.rulingDeadline ?? 0n;
    if (t.status !== "Disputed" || now > rulingDeadline) return false;
    return this.evidence.heardBoth(task, t) || now >= rulingDeadline - (this.d.lastCallSeconds ?? 3_600n);
  }

  protected override onMessage(m: Message, from: Sender): void {
    switch (m.type) {
      case "evidence":
        void this.queue
          .push(async () => {
            if (!(await this.evidence.take(m, from, this.d.escrow, this.address)))
              this.log.warn("evidence ignored: not from a party of a task we arbitrate", { taskId: m.taskId, sender: from.address });
          })
          .then(() => this.tick());
        return;
      case "report":
        // A dispute report carries the client's verdict record.
        void this.queue.push(async () => void (await this.evidence.takeReport(m, from, this.d.escrow, this.address))).then(() => (m.outcome === "disputed" ? this.tick() : undefined));
        return;
      case "announce":
      case "result":
      case "bid":
      case "award":
      case "reject":
      case "cancel":
      case "team-sign":
      case "team-answer":
      case "team-submit":
      case "team-submit-answer":
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async maybeRule(task: TaskRef): Promise<void> {
    const { taskId } = task;
    const t = await this.d.escrow.getTask(task);
    this.follower.saw(task, t);
    if (t.status !== "Disputed") {
      // Settled (or never disputed, found on a resync): nothing more to rule.
      if (t.status !== "Funded" && t.status !== "Submitted") this.disputes.forget(task);
      this.follower.unfollow(task);
      return;
    }
    if (!this.ripe(task, t, await this.d.escrow.now())) return;
    const evidence = this.evidence.evidenceFor(task, t);
    if (!evidence) {
      // No party sent the spec (or we lost our store): ruling blind would punish a party
      // for our amnesia, so abstain and let the escrow's fallback split apply.
      this.log.warn("no evidence: task spec unknown; abstaining", { taskId });
      return;
    }
    const score = evidence.output !== undefined ? (await this.d.llm.judge(evidence.spec, evidence.output)).score : undefined;
    const bps = rulingBps(evidence, score);
    const tx = await this.d.escrow.rule({ ...task, workerBps: bps });
    const detail = `workerBps ${bps}; ${evidenceSummary(evidence)}`;
    const members = (await this.d.teamMembers?.(t.terms.worker).catch(() => [])) ?? [];
    await this.tell([t.terms.client, ...(members.length > 0 ? members : [t.terms.worker])], { type: "report", taskId, reporter: this.address, worker: t.terms.worker, outcome: "ruled", txHash: tx.hash, detail });
    this.log.info("ruled", { taskId, workerBps: bps, evidence: evidence.output !== undefined ? "matching result" : "none", verdict: evidence.verdict?.score });
  }
}
