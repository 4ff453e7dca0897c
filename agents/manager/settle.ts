import { keccak256, stringToHex, type Address, type Hex } from "viem";
import type { LlmClient } from "../llm/types.js";
import { AgentError, ModelOutputError } from "../errors.js";
import { BidTerms } from "../protocol/messages.js";
import { judgeIdentity, verdictRecord } from "../protocol/verdict.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { CandidateBid, EscrowTask, TaskRef, TxResult } from "../runtime/ports.js";
import { ratingFor } from "../runtime/ratingFor.js";
import { reviewCounterpart } from "../runtime/signReview.js";
import { decideManager, verdict } from "./decide.js";
import type { ManagerCore } from "./managerTypes.js";

/** The escrow of one of this manager's tasks: it is always their client. */
export function taskRef(core: ManagerCore, taskId: Hex): TaskRef {
  return { client: core.address, taskId };
}

/**
 * Takes the next step on one awarded task, as the chain and the pure {@link decideManager}
 * say: judge a delivered result, release or dispute, refund after the deadline, settle a
 * dispute by the fallback, and once the money has gone somewhere, learn and review.
 */
export async function stepTask(core: ManagerCore, taskId: Hex): Promise<void> {
  const { deps, options, log } = core;
  const r = core.tasks.load(taskId);
  if (!r || !r.winner) return;
  const chain = await deps.escrow.getTask(taskRef(core, taskId));
  core.follower?.saw(taskRef(core, taskId), chain);
  const now = await deps.escrow.now();
  const action = decideManager(r, chain, now, options.resultGraceSeconds);
  switch (action.kind) {
    case "wait":
      return;
    case "refund":
      await deps.escrow.refund(taskRef(core, taskId));
      break;
    case "judge": {
      if (options.hostDecides) return; // the host reads the result and releases or disputes
      let judged: Awaited<ReturnType<LlmClient["judge"]>>;
      try {
        judged = await deps.llm.judge(r.spec, r.result!.output);
      } catch (err) {
        // An unusable verdict will not improve by asking again, and a judge that stays down must
        // not let the review window pass (the worker could then auto-release unverified work):
        // both go to the arbiter. A transient fault before that is retried on the next tick.
        const lastChance = (chain.submission?.reviewDeadline ?? 0n) - options.resultGraceSeconds;
        if (!(err instanceof ModelOutputError) && now < lastChance) throw err;
        const code = err instanceof AgentError ? err.code : "JUDGE_FAILED";
        log.warn("judge failed, disputing", { taskId, code });
        await dispute(core, taskId, `judge failed: ${code}`);
        break;
      }
      // The record runs the machine checks on the output itself and caps any judge's score.
      const record = verdictRecord({ spec: r.spec, output: r.result!.output, judged, judge: judgeIdentity(deps.llm, judged, core.address) });
      const { score } = record;
      core.tasks.save(taskId, { ...r, score, verdict: record });
      log.info("judged", { taskId, score, checksPassed: record.checks.filter((c) => c.passed).length, checks: record.checks.length, reasons: record.reasons });
      if (verdict(score, options.acceptScore) === "release") await deps.escrow.release(taskRef(core, taskId));
      else await dispute(core, taskId, `judge score ${score} below ${options.acceptScore}`, score);
      break;
    }
    case "dispute":
      if (options.hostDecides) return;
      await dispute(core, taskId, action.reason);
      break;
    case "settle-fallback":
      await deps.escrow.settleFallback(taskRef(core, taskId));
      break;
    case "finalize":
      core.follower?.unfollow(taskRef(core, taskId));
      await finalize(core, taskId, action.outcome, chain);
      return;
    default: {
      const never: never = action;
      throw new Error(`unhandled action ${JSON.stringify(never)}`);
    }
  }
  await stepTask(core, taskId);
}

/**
 * Disputes with the reason's hash on chain, sends the evidence (spec, the worker's signed result
 * if one came, the verdict record) to the task's arbiter only, and reports the dispute to the worker.
 */
export async function dispute(core: ManagerCore, taskId: Hex, reason: string, score?: number): Promise<TxResult> {
  const tx = await core.deps.escrow.dispute({ ...taskRef(core, taskId), reasonHash: keccak256(stringToHex(reason)) });
  core.log.info("disputed", { taskId, reason });
  const r = core.tasks.load(taskId)!;
  await sendEvidence(core, taskId, [r.spec.arbiter], reason);
  const verdict = r.verdict;
  await core.report(taskId, { outcome: "disputed" as const, score, txHash: tx.hash, detail: reason, worker: r.winner!.worker, ...(verdict ? { verdict } : {}) });
  return tx;
}

/**
 * Sends this client's evidence of a task (spec, and the worker's signed result if one came) to
 * `to`: the task's arbiter, or a jury's seated jurors (drawn after the dispute); with it, when the
 * judge gave one, the dispute report carrying its verdict record, which they keep only from the
 * judge it names and replay against the output (arbiter/evidenceBook.ts). Returns how many
 * accepted the evidence.
 */
export async function sendEvidence(core: ManagerCore, taskId: Hex, to: readonly Address[], reason: string): Promise<number> {
  const r = core.tasks.load(taskId)!;
  const result = r.result && r.resultSignature ? { worker: r.winner!.worker, output: r.result.output, resultHash: r.result.hash, signature: r.resultSignature } : undefined;
  const accepted = await core.tell(to, { type: "evidence", taskId, client: core.address, spec: r.spec, result, reason });
  if (r.verdict) await core.tell(to, { type: "report", taskId, reporter: core.address, worker: r.winner!.worker, outcome: "disputed", detail: reason, verdict: r.verdict, ...(r.score === undefined ? {} : { score: r.score }) });
  return accepted;
}

/** The money has gone somewhere: record the outcome, learn from it, review the worker, report. */
async function finalize(core: ManagerCore, taskId: Hex, outcome: Outcome, chain: EscrowTask): Promise<void> {
  const { deps } = core;
  const r = core.tasks.load(taskId)!;
  const winner = r.winner!;
  core.tasks.save(taskId, { ...r, finalized: true, outcome });
  const paid = outcome === "refunded" || outcome === "declined" || outcome === "cancelled" ? 0n : chain.terms.amount;
  const success = outcome === "released" || outcome === "auto-released";
  const bid: CandidateBid = { worker: winner.worker, agentId: winner.agentId, signature: winner.signature, estimate: winner.estimate, terms: BidTerms.decode(winner.terms) };
  // A team's outcome is each member's, against what each claimed for its part; the team's review (below) credits them by share at the indexer.
  const learners = winner.team
    ? winner.team.members.map((m) => ({ bid: { ...bid, worker: m.address, agentId: m.agentId, estimate: { ...bid.estimate, price: m.price, successProbability: m.claimedSuccess } }, paid: (paid * BigInt(m.shareBps)) / 10_000n }))
    : [{ bid, paid }];
  for (const l of learners) deps.market.recordOutcome(l.bid, { success, score: r.score ?? (success ? 1 : 0), paid: l.paid });
  // The review beside the queue: the indexer takes it only once it has ingested the settlement
  // (retried for up to seconds), and the manager's bids, awards and judging of other tasks must
  // not wait for that; stop() still waits for it. The report goes now: the worker hears of the
  // settlement at once, and whoever awaits the outcome is not held up by the indexer.
  if (!core.options.hostDecides) {
    const comment = `${outcome}${r.score === undefined ? "" : ` (judge ${r.score.toFixed(2)})`}`;
    core.aside(() => reviewCounterpart({ ...deps, log: core.log }, { taskId, subject: winner.worker, rating: ratingFor("client", outcome, r.score), comment }));
  }
  await core.report(taskId, { outcome, score: r.score, worker: winner.worker });
}
