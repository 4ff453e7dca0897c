import { isAddressEqual, type Address, type Hex } from "viem";
import { BidTerms } from "../protocol/messages.js";
import { outcomeOf, type Outcome } from "../protocol/taskLifecycle.js";
import { resultHash } from "../protocol/hashes.js";
import { resultTypedData } from "../protocol/resultTypedData.js";
import type { TaskSpec } from "../protocol/task.js";
import type { EscrowTask } from "../runtime/ports.js";
import { decideWorker } from "./decide.js";
import type { HostedWorkerCore, WorkerRecord } from "./workerTypes.js";

/** Where the lead left its team's task: nothing due yet, or settled (after its own claim, if one was due) with the payout split. */
export type TeamSettleStep = { kind: "wait" } | { kind: "settled"; outcome: Outcome; claimed?: "auto-release" | "settle-fallback"; distributeTx: Hex | undefined };

/** Whether this worker leads the team of this record: it signed the team's bid and is its first member. */
export function leadsTeam(r: WorkerRecord | undefined, self: Address): r is WorkerRecord & { team: NonNullable<WorkerRecord["team"]>; bid: NonNullable<WorkerRecord["bid"]> } {
  return !!r?.team && !!r.bid && isAddressEqual(r.team.members[0]!, self);
}

/**
 * The lead's claims on its team's task, as a single worker claims on its own (decideWorker): once
 * the review period after the team's submission passed in silence it calls `autoRelease`, once a
 * dispute's ruling window passed it calls `settleFallback` (both open to anyone); and once the
 * escrow has paid the team wallet, it calls the wallet's `distribute`, so each member gets its
 * share without anyone else acting. In a dispute it sends the arbiter the team's side (the spec and
 * the result it delivered, signed for the team), once. The escrow decides who may do what; this only says when.
 * A task the escrow does not hold for the team is left alone.
 *
 * @example
 * for (const [taskId, r] of core.tasks.list()) if (leadsTeam(r, core.address) && !r.teamSettled) await settleAsTeamLead(core, taskId);
 */
export async function settleAsTeamLead(core: Pick<HostedWorkerCore, "deps" | "address" | "tasks" | "log" | "tell">, taskId: Hex): Promise<TeamSettleStep> {
  const { deps } = core;
  const r = core.tasks.load(taskId);
  if (!leadsTeam(r, core.address) || r.teamSettled || !deps.teamFactory) return { kind: "wait" };
  const bid = BidTerms.decode(r.bid);
  const ref = { client: bid.client, taskId };
  const chain = await deps.escrow.getTask(ref).catch(() => undefined);
  const now = await deps.escrow.now();
  if (!chain || !isAddressEqual(chain.terms.worker, r.team.address)) {
    // Never funded for the team, and now it cannot be (the team bid expires no later than ours): stop looking.
    if (now > bid.expiry) core.tasks.save(taskId, { ...core.tasks.load(taskId), teamSettled: "unawarded" });
    return { kind: "wait" };
  }
  if (chain.status === "Disputed" && !r.evidenceSent && r.spec && r.output !== undefined) await sendTeamEvidence(core, chain, r.spec, r.output);
  const action = decideWorker({ hasSpec: true, executed: true, failed: false, finalized: false }, chain, now);
  switch (action.kind) {
    case "auto-release":
    case "settle-fallback": {
      core.log.info(action.kind === "auto-release" ? "claiming the team's auto-release" : "settling the team's dispute with the fallback split", { taskId, team: r.team.address });
      await (action.kind === "auto-release" ? deps.escrow.autoRelease(ref) : deps.escrow.settleFallback(ref));
      const next = await settleAsTeamLead(core, taskId);
      return next.kind === "settled" ? { ...next, claimed: action.kind } : next;
    }
    case "finalize": {
      const outcome = outcomeOf(chain.status)!;
      // A refund or a decline paid the team nothing: distribute has nothing to split and sends no transaction.
      const distributeTx = await deps.teamFactory.distribute(r.team.address, chain.terms.token);
      core.tasks.save(taskId, { ...core.tasks.load(taskId), teamSettled: outcome });
      core.log.info("team task settled", { taskId, team: r.team.address, outcome, distributed: distributeTx ?? "nothing to split" });
      return { kind: "settled", outcome, distributeTx };
    }
    default:
      return { kind: "wait" };
  }
}

/** Disputed: the team's side (spec, and the result the lead delivered for the team, signed by it) goes to the task's arbiter only, once. */
async function sendTeamEvidence(core: Pick<HostedWorkerCore, "deps" | "tasks" | "tell">, chain: EscrowTask, spec: TaskSpec, output: string): Promise<void> {
  const { deps } = core;
  const hash = resultHash(output);
  const signature = await deps.signer.signTypedData(resultTypedData(deps.escrow.chainId, deps.escrow.address, { taskId: chain.taskId, resultHash: hash }));
  const result = { worker: chain.terms.worker, output, resultHash: hash, signature };
  const sent = await core.tell(chain.terms.arbiter, { type: "evidence", taskId: chain.taskId, client: chain.terms.client, spec, result, reason: "the team's delivered result" });
  if (sent > 0) core.tasks.save(chain.taskId, { ...core.tasks.load(chain.taskId), evidenceSent: true });
}
