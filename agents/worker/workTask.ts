import { isAddressEqual, type Address, type Hex } from "viem";
import { BidTerms } from "../protocol/messages.js";
import { resultHash } from "../protocol/hashes.js";
import { resultTypedData } from "../protocol/resultTypedData.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import { matchesBid } from "../runtime/matchesBid.js";
import type { EscrowTask, TaskRef } from "../runtime/ports.js";
import type { TaskSpec } from "../protocol/task.js";
import { ratingFor } from "../runtime/ratingFor.js";
import { reviewCounterpart } from "../runtime/signReview.js";
import { decideWorker } from "./decide.js";
import type { HostedWorkerCore, WorkerCore } from "./workerTypes.js";

/** The escrow names us (or a restarted manager re-sent the award): deliver again if need be, then step. */
export async function takeAward(core: WorkerCore, taskId: Hex): Promise<void> {
  const { deps } = core;
  const id = taskId;
  const r = core.tasks.load(id);
  if (!r?.bid) {
    core.log.warn("award ignored: we signed no bid for this task", { taskId: id });
    return;
  }
  const bid = BidTerms.decode(r.bid);
  const chain = await deps.escrow.getTask(bid).catch(() => undefined);
  // Only the escrow that holds exactly our signed terms is the award; a task someone else funded
  // under the same id (even naming us) is not.
  if (!chain || !matchesBid(chain, bid)) {
    core.log.warn("award ignored: no escrow holds the terms we signed", { taskId: id, client: bid.client });
    return;
  }
  // A re-sent award means the manager lost our result: deliver it again.
  if (chain.status === "Submitted" && r.output !== undefined) await deliver(core, bid, r.output);
  await stepTask(core, bid, chain);
}

/** The escrow names us its worker and, with our signed bid at hand, holds exactly those terms: only then is it ours to work on. */
export function holdsOurTerms(core: Pick<WorkerCore, "address" | "tasks">, chain: EscrowTask): boolean {
  if (!isAddressEqual(chain.terms.worker, core.address)) return false;
  const r = core.tasks.load(chain.taskId);
  return !r?.bid || matchesBid(chain, BidTerms.decode(r.bid));
}

/**
 * Takes the next step on a task the escrow says is ours, as the pure {@link decideWorker} says:
 * execute, submit and deliver, decline, claim an auto-release or the fallback, and once settled,
 * report and review the client. `known` is the task as just read (not read again); after a
 * transaction the chain is read afresh.
 */
export async function stepTask(core: WorkerCore, task: TaskRef, known?: EscrowTask): Promise<void> {
  const { deps } = core;
  const { taskId } = task;
  const ref: TaskRef = { client: task.client, taskId };
  const chain = known ?? (await deps.escrow.getTask(ref));
  // Ours (even if the watcher missed its TaskFunded: an award message led here): its deadlines are watched from now on.
  if (!holdsOurTerms(core, chain)) return void core.follower?.unfollow(ref);
  core.follower?.follow(ref);
  core.follower?.saw(ref, chain);
  const r = core.tasks.load(taskId);
  const now = await deps.escrow.now();
  if (chain.status === "Disputed" && r?.spec && r.output !== undefined && !r.evidenceSent) await sendEvidence(core, chain, r.spec, r.output);
  const action = decideWorker(
    { hasSpec: !!r?.spec, executed: r?.output !== undefined, failed: !!r?.failed, finalized: !!r?.finalized },
    chain,
    now,
  );
  switch (action.kind) {
    case "wait":
      if (r?.finalized) core.follower?.unfollow(ref);
      return;
    case "execute":
      try {
        const { output, stepsUsed } = await deps.llm.execute(r!.spec!);
        core.tasks.save(taskId, { ...r!, output, stepsUsed });
      } catch (err) {
        core.log.warn("execution failed", { taskId, error: String(err) });
        core.tasks.save(taskId, { ...r!, failed: true });
      }
      // Working sent nothing to the chain: decide again on the same read (a client that gave up meanwhile makes the submit revert, and its event brings a new read).
      return stepTask(core, ref, chain);
    case "decline":
      core.log.info("declining", { taskId, reason: action.reason });
      await deps.escrow.decline(ref);
      break;
    case "submit":
      await deps.escrow.submit({ ...ref, resultHash: resultHash(r!.output!) });
      // The hash is on chain; the result goes to the client beside the queue, so the worker's bids and other tasks do not wait for its receipt.
      core.aside(() => deliver(core, ref, r!.output!));
      break;
    case "auto-release":
      await deps.escrow.autoRelease(ref);
      break;
    case "settle-fallback":
      await deps.escrow.settleFallback(ref);
      break;
    case "finalize":
      core.follower?.unfollow(ref);
      await finalize(core, taskId, chain.terms.client, action.outcome);
      return;
    default: {
      const never: never = action;
      throw new Error(`unhandled action ${JSON.stringify(never)}`);
    }
  }
  await stepTask(core, ref);
}

/** Signs the result's hash (EIP-712 `Result`) and sends the output to the task's client only. */
export async function deliver(core: Pick<HostedWorkerCore, "deps" | "address" | "tell">, task: TaskRef, output: string): Promise<void> {
  await core.tell(task.client, { type: "result", ...(await signedResult(core, task.taskId, output)) });
}

async function signedResult(core: Pick<HostedWorkerCore, "deps" | "address">, taskId: Hex, output: string) {
  const { deps } = core;
  const id = taskId;
  const hash = resultHash(output);
  const signature = await deps.signer.signTypedData(resultTypedData(deps.escrow.chainId, deps.escrow.address, { taskId: id, resultHash: hash }));
  return { taskId: id, worker: core.address, output, resultHash: hash, signature };
}

/** Disputed: our side of the story (spec and signed result) goes to the task's arbiter only, once. */
async function sendEvidence(core: WorkerCore, chain: EscrowTask, spec: TaskSpec, output: string): Promise<void> {
  const { taskId, ...result } = await signedResult(core, chain.taskId, output);
  const sent = await core.tell(chain.terms.arbiter, { type: "evidence", taskId, client: chain.terms.client, spec, result, reason: "worker's delivered result" });
  if (sent > 0) core.tasks.save(taskId, { ...core.tasks.load(taskId), evidenceSent: true });
}

async function finalize(core: WorkerCore, taskId: Hex, client: Address, outcome: Outcome): Promise<void> {
  const { deps } = core;
  const r = core.tasks.load(taskId);
  core.tasks.save(taskId, { ...r, finalized: true, outcome });
  learnCost(core, taskId, outcome);
  core.log.info("settled", { taskId, outcome });
  // The review first: it goes to the indexer, and must not be lost because the client's board is
  // gone by now (a client that got its result may well have stopped). The report is only a hint,
  // and tell logs a recipient that is gone instead of throwing. Both beside the queue: the indexer
  // takes the review only once it has ingested the settlement (retried for up to seconds), and the
  // worker's bids and other tasks must not wait for that.
  core.aside(async () => {
    await reviewCounterpart({ ...deps, log: core.log }, { taskId, subject: client, rating: ratingFor("worker", outcome), comment: outcome });
    await core.tell(client, { type: "report", taskId, reporter: core.address, worker: core.address, outcome });
  });
}

/**
 * Feeds the worker's cost tracker with what an executed task really cost: the model calls billed
 * for it (message.usage × price, from the client's ledger) when the model is metered, else the
 * steps it took × cost per step (the offline stand-in's measure). Unexecuted tasks teach nothing.
 */
function learnCost(core: WorkerCore, taskId: Hex, outcome: Outcome): void {
  const r = core.tasks.load(taskId);
  if (r?.estimatedCost === undefined || r.output === undefined || !r.bid) return;
  const { deps } = core;
  const billed = deps.llm.ledger?.forTask(taskId);
  const actualCost = billed ? billed.cost : (r.stepsUsed ?? 0) * deps.profile.costPerStep;
  core.costs.recordOutcome({
    agentId: deps.profile.agentId,
    claimedSuccess: r.bid.claimedSuccessBps / 10_000,
    success: outcome === "released" || outcome === "auto-released",
    estimatedCost: r.estimatedCost,
    actualCost,
  });
}
