import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { toHash32 } from "../protocol/codecs.js";
import { BidTerms } from "../protocol/messages.js";
import { isTerminal } from "../protocol/taskLifecycle.js";
import type { BidScore, CandidateBid, EscrowTask } from "../runtime/ports.js";
import { ActionRefusedError, isoTime, wrongStatus } from "../runtime/refusal.js";
import { signReview } from "../runtime/signReview.js";
import { awardBid } from "./awardBid.js";
import { bindTeam, planTeam, type TeamPlan } from "./teamAward.js";
import { TeamSigningError } from "./teamSigning.js";
import { Manager } from "./Manager.js";
import type { ManagerDeps, TaskRecord } from "./managerTypes.js";
import { dispute, taskRef } from "./settle.js";

type HostedRecord = TaskRecord & { reviewed?: boolean };

/**
 * A manager whose owner (an MCP host's model) decides: it announces, collects and checks bids
 * and results exactly as the {@link Manager} does (hostDecides: no window closes on its own,
 * nothing is judged, disputed or reviewed unasked), and awards, releases, disputes, cancels and
 * reviews only when told. Each action first checks what the escrow would refuse and throws
 * {@link ActionRefusedError} instead of sending a transaction.
 */
export class HostedManager extends Manager {
  constructor(deps: ManagerDeps) {
    super({ ...deps, options: { ...deps.options, hostDecides: true } });
  }

  /** How long an announcement stays open for bids (it closes when the host awards or cancels). */
  get bidWindowMs(): number {
    return this.core.options.bidWindowMs;
  }

  /** The bids received for an open task, best first, each with its score and the score's parts. */
  async bids(taskId: Hex): Promise<{ bid: CandidateBid; score: BidScore | undefined }[]> {
    const { r, id } = this.known(taskId);
    const bids = this.core.bids.get(id) ?? [];
    if (r.phase !== "bidding") return [];
    const { market, escrow } = this.core.deps;
    await market.refreshHistory?.(bids.map((b) => ({ address: b.worker, agentId: b.agentId })));
    const scores = market.explain?.(r.spec, bids, await escrow.now()) ?? [];
    const order = new Map(scores.map((s, i) => [s.agentId, i]));
    return bids
      .map((bid) => ({ bid, score: scores.find((s) => s.agentId === bid.agentId) }))
      .sort((a, b) => (order.get(a.bid.agentId) ?? 1e9) - (order.get(b.bid.agentId) ?? 1e9));
  }

  /**
   * Awards an open task to `worker`'s bid: funds the escrow with its signed terms.
   * `beforeFunding` runs once every check passed (e.g. the token approval the funding needs).
   */
  async award(taskId: Hex, worker: Address, beforeFunding?: (bid: CandidateBid) => Promise<void>) {
    const { r, id } = this.known(taskId);
    if (r.phase !== "bidding") throw new ActionRefusedError("TASK_WRONG_STATUS", `task ${id} is ${r.phase}, not open for bids`, { phase: r.phase });
    const bids = this.core.bids.get(id) ?? [];
    const bid = bids.find((b) => isAddressEqual(b.worker, worker));
    if (!bid) throw new ActionRefusedError("BID_UNKNOWN", `no bid from ${worker} on ${id}; call list_bids`, { bidders: bids.map((b) => b.worker) });
    // On a team call a specialist bids for its part only: alone it cannot do the task.
    const skills = r.asked?.find((a) => isAddressEqual(a.address, bid.worker))?.skills ?? r.spec.requiredSkills;
    const missing = r.spec.requiredSkills.filter((s) => !skills.includes(s));
    if (missing.length > 0) throw new ActionRefusedError("BID_PARTIAL", `${bid.agentId} holds none of ${missing.join(", ")}: it bid for its part of a team; award the team (award_team) or a bid covering every skill`, { missing });
    const now = await this.core.deps.escrow.now();
    if (bid.terms.expiry <= now)
      throw new ActionRefusedError("BID_EXPIRED", `the bid expired at ${isoTime(bid.terms.expiry)}; ask ${bid.agentId} for a new bid or award another`, { expiry: bid.terms.expiry, now });
    await beforeFunding?.(bid);
    const award = await awardBid(this.core, id, bid, bids.filter((b) => b !== bid));
    if (!award.ok) throw award.error;
    this.core.bids.delete(id);
    return { bid, fundTx: award.fundTx };
  }

  /**
   * The team the bids of an open team call make (Shapley shares, what it asks, its wallet's
   * address), when one is worth more than the best single bid; otherwise why not. Nothing is sent.
   */
  async teamProposal(taskId: Hex): Promise<{ ok: true; plan: TeamPlan; team: Address } | { ok: false; reason: string }> {
    const { r, id } = this.known(taskId);
    if (r.phase !== "bidding") return { ok: false, reason: `task ${id} is ${r.phase}, not open for bids` };
    const planned = await planTeam(this.core, id, this.core.bids.get(id) ?? []);
    return planned.ok ? { ...planned, team: await this.core.deps.teams!.predict(planned.plan.members, planned.plan.sharesBps) } : planned;
  }

  /**
   * Awards an open team call to the team {@link teamProposal} names: every member signs the team's
   * bid over the network, then its wallet is created and the escrow funded (teamAward.ts, as the
   * built-in manager does). A member that refuses or stays silent costs no gas and leaves the task open.
   */
  async awardTeam(taskId: Hex, beforeFunding?: (amount: bigint) => Promise<void>) {
    const { r, id } = this.known(taskId);
    if (r.phase !== "bidding") throw new ActionRefusedError("TASK_WRONG_STATUS", `task ${id} is ${r.phase}, not open for bids`, { phase: r.phase });
    const bids = this.core.bids.get(id) ?? [];
    const planned = await planTeam(this.core, id, bids);
    if (!planned.ok) throw new ActionRefusedError("NO_TEAM", `no team to award on ${id}: ${planned.reason}`, { reason: planned.reason });
    await beforeFunding?.(planned.plan.amount);
    const award = await bindTeam(this.core, id, planned.plan, bids).catch((err: unknown) => {
      if (err instanceof TeamSigningError) throw new ActionRefusedError("TEAM_NOT_SIGNED", `${err.message}; the task stays open: award a bid or try again`, { code: err.code });
      throw err;
    });
    if (!award.ok) throw new ActionRefusedError("NO_TEAM", `${award.reason}; the task stays open`, { reason: award.reason });
    this.core.bids.delete(id);
    return { team: award.team, record: award.record, amount: planned.plan.amount, fundTx: this.core.tasks.load(id)?.winner?.fundTx };
  }

  /** The delivered result, if any, with the checks it passed (signature at intake, hash against the chain). */
  async result(taskId: Hex) {
    const { r, chain } = await this.awarded(taskId);
    return { record: r as HostedRecord, chain, hashMatches: r.result ? r.result.hash === chain.submission?.resultHash : false };
  }

  /** Pays the worker (minus the fee). */
  async release(taskId: Hex) {
    const { id, chain } = await this.awarded(taskId);
    if (chain.status !== "Funded" && chain.status !== "Submitted") throw wrongStatus(id, chain.status, "release is possible while Funded or Submitted");
    return this.core.deps.escrow.release(taskRef(this.core, id));
  }

  /** Disputes a submitted result within the review period; the arbiter rules. */
  async dispute(taskId: Hex, reason: string) {
    const { id, chain } = await this.awarded(taskId);
    if (chain.status !== "Submitted") throw wrongStatus(id, chain.status, "a dispute is possible only once a result is submitted");
    const now = await this.core.deps.escrow.now();
    if (now > (chain.submission?.reviewDeadline ?? 0n))
      throw new ActionRefusedError("DEADLINE_PASSED", `the review period ended at ${isoTime(chain.submission?.reviewDeadline ?? 0n)}; the worker can auto-release`, { reviewDeadline: chain.submission?.reviewDeadline ?? 0n, now });
    return dispute(this.core, id, reason);
  }

  /** Withdraws an open task (no transaction) or asks the escrow to cancel a funded one (the worker must agree). */
  async cancel(taskId: Hex, reason: string) {
    const { r, id } = this.known(taskId);
    if (r.phase === "bidding") {
      this.core.bids.delete(id);
      this.core.tasks.save(id, { ...r, phase: "unawarded", finalized: true, outcome: "cancelled" });
      await this.core.tell((this.core.tasks.load(id)?.asked ?? []).map((c) => c.address), { type: "cancel", taskId: id, reason });
      return { tx: null, chain: null };
    }
    const { chain } = await this.awarded(id);
    if (chain.status !== "Funded" && chain.status !== "Submitted") throw wrongStatus(id, chain.status, "a cancel request is possible while Funded or Submitted");
    const tx = await this.core.deps.escrow.cancel(taskRef(this.core, id));
    return { tx, chain: await this.core.deps.escrow.getTask(taskRef(this.core, id)) };
  }

  /** Signs a review of the worker of a settled task and posts it to the indexer. */
  async review(taskId: Hex, rating: number, comment: string) {
    const { r, id, chain } = await this.awarded(taskId);
    if (!isTerminal(chain.status)) throw new ActionRefusedError("NOT_SETTLED", `task ${id} is ${chain.status}; review once it has settled`, { status: chain.status });
    if ((r as HostedRecord).reviewed) throw new ActionRefusedError("ALREADY_REVIEWED", `you already reviewed task ${id}`, {});
    const { deps } = this.core;
    if (!deps.reviews) throw new ActionRefusedError("TASK_UNKNOWN", "no indexer configured (INDEXER_URL)", {});
    const review = await signReview(deps.signer, { chainId: deps.escrow.chainId, escrow: deps.escrow.address, taskId: id, subject: chain.terms.worker, rating, comment, timestamp: await deps.escrow.now() });
    await deps.reviews.postReview(review);
    this.core.tasks.save(id, { ...(this.core.tasks.load(id) as HostedRecord), reviewed: true } as TaskRecord);
    return { review, subject: chain.terms.worker };
  }

  /** Every task this manager announced, newest last. */
  list(): [Hex, TaskRecord][] {
    return this.core.tasks.list();
  }

  private known(taskId: Hex): { r: TaskRecord; id: Hex } {
    const id = toHash32(taskId);
    const r = this.core.tasks.load(id);
    if (!r) throw new ActionRefusedError("TASK_UNKNOWN", `no task ${id} posted by you; call post_task or list your tasks with market_status`, { taskId: id });
    return { r, id };
  }

  private async awarded(taskId: Hex): Promise<{ r: TaskRecord; id: Hex; chain: EscrowTask }> {
    const { r, id } = this.known(taskId);
    if (r.phase !== "awarded" || !r.winner) throw new ActionRefusedError("TASK_WRONG_STATUS", `task ${id} is ${r.phase}: award a bid first`, { phase: r.phase });
    const chain = await this.core.deps.escrow.getTask(taskRef(this.core, id));
    if (!isAddressEqual(chain.terms.worker, getAddress(BidTerms.decode(r.winner.terms).worker))) throw new ActionRefusedError("TASK_NOT_YOURS", `the escrow of ${id} does not hold your award`, {});
    return { r, id, chain };
  }
}
