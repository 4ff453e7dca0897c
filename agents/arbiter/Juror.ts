import { getAddress, toHex, type Address, type Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import { juryCommitment } from "../chain/juryCommitment.js";
import { JuryRevertError } from "../chain/juryErrors.js";
import type { LlmClient } from "../llm/types.js";
import type { Message } from "../protocol/messages.js";
import { AgentLoop } from "../runtime/AgentLoop.js";
import type { JuryPort } from "../runtime/juryPort.js";
import { consoleLogger } from "../runtime/logger.js";
import { MemoryStore } from "../runtime/MemoryStore.js";
import { systemClock, type AgentStore, type Clock, type EscrowPort, type Logger, type TaskRef } from "../runtime/ports.js";
import type { Endpoint, Sender } from "../transport/Transport.js";
import { decideJuror, type JurorAction } from "./decideJuror.js";
import { EvidenceBook, evidenceSummary, rulingBps, type EvidenceSource } from "./evidenceBook.js";

export interface JurorDeps {
  /** JuryArbiter, signed by this juror's wallet (the owner of `agentId`). */
  jury: JuryPort;
  /** TaskEscrow reads (a task's status, the tasks the jury arbitrates, the chain's clock). */
  escrow: Pick<EscrowPort, "getTask" | "tasksWhere" | "now">;
  /** This juror's identity-registry agent id (its card lists the `arbitrate` skill). */
  agentId: bigint;
  /** Its endpoint: the parties' evidence arrives here and fills the evidence book. */
  endpoint: Endpoint;
  /** Where a dispute's evidence comes from; the board-fed evidence book when omitted. */
  evidence?: EvidenceSource;
  /** The juror's own judge (Claude, or the offline stand-in with a hidden accuracy and bias). */
  llm: Pick<LlmClient, "judge">;
  store?: AgentStore;
  log?: Logger;
  clock?: Clock;
  pollIntervalMs?: number;
  /** 32 random bytes per vote; injectable for tests. */
  salt?: () => Hex;
}

/** A committed vote, kept before the commit is sent so a restart can still reveal it. */
interface StoredVote {
  workerBps: number;
  salt: Hex;
}

const randomSalt = (): Hex => toHex(crypto.getRandomValues(new Uint8Array(32)));

/**
 * A juror agent: joins JuryArbiter's pool with its registered agent id, and on every tick takes
 * the next step on each case of the jury ({@link decideJuror}): opens the case of a disputed task,
 * draws the panel, and when seated judges the evidence with its own model, commits
 * keccak256(workerBps, salt, juror, case), reveals in the reveal window and executes the median.
 * The steps anyone may take race harmlessly: a step another agent took first reverts and is skipped.
 *
 * @example
 * const juror = new Juror({ jury, escrow, agentId, endpoint: await transport.connect({ agentId: "12", signer }), llm });
 * await juror.start(); // joins the pool
 */
export class Juror extends AgentLoop {
  readonly address: Address;
  private readonly book: EvidenceBook;
  private readonly store: AgentStore;

  constructor(private readonly d: JurorDeps) {
    const address = getAddress(d.jury.account);
    super({ endpoint: d.endpoint, clock: d.clock ?? systemClock, log: d.log ?? consoleLogger(`juror ${address.slice(0, 8)}`), pollIntervalMs: d.pollIntervalMs });
    this.address = address;
    this.store = d.store ?? new MemoryStore();
    this.book = new EvidenceBook(this.store);
  }

  protected override async startup(): Promise<void> {
    if (!(await this.d.jury.inPool(this.d.agentId))) {
      await this.d.jury.joinPool(this.d.agentId);
      this.log.info("joined the jury pool", { agentId: this.d.agentId.toString() });
    }
    await this.tick();
  }

  /**
   * Evidence from a party of a task the jury arbitrates, and the client's dispute report with its
   * verdict record (kept only from the judge the record names, used only if it is the client's and
   * replays: evidenceBook.ts); nothing else is addressed to a juror.
   */
  protected override onMessage(m: Message, from: Sender): void {
    if (m.type === "report") return void this.queue.push(async () => void (await this.book.takeReport(m, from, this.d.escrow, this.d.jury.address)));
    if (m.type !== "evidence") return;
    void this.queue.push(async () => {
      if (!(await this.book.take(m, from, this.d.escrow, this.d.jury.address)))
        this.log.warn("evidence ignored: not from a party of a task the jury arbitrates", { taskId: m.taskId, sender: from.address });
    });
  }

  /** The vote this juror committed in a case (undefined before it committed). */
  vote(caseId: Hex): StoredVote | undefined {
    return this.store.get<StoredVote>(`vote:${toHash32(caseId)}`);
  }

  tick(): Promise<void> {
    return this.queue.push(async () => {
      if (this.stopped) return;
      for (const task of await this.d.escrow.tasksWhere({ role: "arbiter", account: this.d.jury.address })) {
        // A case takes at most open, draw, commit, then reveal or execute in one tick.
        for (let i = 0; i < 5 && (await this.step(task)); i++);
      }
    });
  }

  /** Takes one step on a task's case; false when there is nothing to do now. */
  private async step(task: TaskRef): Promise<boolean> {
    const { jury, escrow } = this.d;
    const [chain, c, block, now, { panelSize, quorum }] = await Promise.all([escrow.getTask(task), jury.caseOf(task), jury.blockNumber(), escrow.now(), jury.settings()]);
    const onPanel = c.status === "Drawn" && (await jury.panelOf(c.caseId)).includes(this.address);
    const [committed, revealed] = onPanel ? await Promise.all([jury.hasCommitted(c.caseId, this.address), jury.hasRevealed(c.caseId, this.address)]) : [false, false];
    const stored = this.vote(c.caseId);
    const action = decideJuror({ escrowStatus: chain.status, case: c, block, now, panelSize, quorum, onPanel, committed, revealed, holdsVote: stored !== undefined });
    if (action.kind === "wait") return false;
    if (action.kind === "commit") return this.commit(task, c.caseId, chain);
    if (action.kind === "reveal") {
      await jury.reveal(c.caseId, stored!.workerBps, stored!.salt);
      this.log.info("revealed", { caseId: c.caseId, workerBps: stored!.workerBps });
      return true;
    }
    return this.anyone(action, task, c.caseId);
  }

  private async commit(task: TaskRef, caseId: Hex, chain: Awaited<ReturnType<EscrowPort["getTask"]>>): Promise<boolean> {
    const evidence = (this.d.evidence ?? this.book).evidenceFor(task, chain);
    if (!evidence) {
      this.log.warn("no evidence: task spec unknown; abstaining", { caseId });
      return false;
    }
    const score = evidence.output !== undefined ? (await this.d.llm.judge(evidence.spec, evidence.output)).score : undefined;
    const vote: StoredVote = { workerBps: rulingBps(evidence, score), salt: (this.d.salt ?? randomSalt)() };
    this.store.set(`vote:${caseId}`, vote); // read from the jury contract: already lower case
    await this.d.jury.commit(caseId, juryCommitment(caseId, this.address, vote.workerBps, vote.salt));
    this.log.info("committed", { caseId, evidence: evidenceSummary(evidence) });
    return true;
  }

  /** open, draw, execute, lapse: steps anyone may take; if another agent took it first, the revert is expected. */
  private async anyone(action: Exclude<JurorAction, { kind: "wait" | "commit" | "reveal" }>, task: TaskRef, caseId: Hex): Promise<boolean> {
    try {
      if (action.kind === "open") await this.d.jury.openCase(task);
      else if (action.kind === "draw") await this.d.jury.drawPanel(caseId);
      else if (action.kind === "execute") await this.d.jury.execute(task);
      else await this.d.jury.lapse(caseId);
      this.log.info(action.kind, { caseId });
    } catch (err) {
      if (!(err instanceof JuryRevertError)) throw err;
      this.log.info(`${action.kind}: taken by another agent`, { caseId, error: err.errorName });
    }
    return true;
  }
}
