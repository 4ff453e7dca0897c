import { getAddress, type Hex } from "viem";
import { bidTypedData } from "../protocol/eip712.js";
import { BidTerms, claimBps, type AnnounceMessage, type BidMessage } from "../protocol/messages.js";
import { admitAnnouncement, screenAnnouncement, type AnnouncementRefusal, type VerifiedSender } from "./admission.js";
import { priceFor } from "./decide.js";
import type { HostedWorkerCore, WorkerCore } from "./workerTypes.js";

/**
 * The free checks of an announcement (admission.ts `screenAnnouncement`) against this worker's
 * escrow, skills and records, with `from` the sender the transport verified (the envelope's
 * signer, checked against its registered wallet). A refusal is counted by its typed reason.
 */
export function screen(core: Pick<HostedWorkerCore, "deps" | "tasks" | "refusals" | "log">, m: AnnounceMessage, from: VerifiedSender, seen = false): boolean {
  const { deps } = core;
  const taskId = m.spec.taskId;
  const local = { chainId: deps.escrow.chainId, escrow: deps.escrow.address, profile: deps.profile, seen: seen || !!core.tasks.load(taskId) };
  const s = screenAnnouncement(m, from, local);
  if (!s.ok) refuse(core, s.reason, taskId, s.detail);
  return s.ok;
}

function refuse(core: Pick<HostedWorkerCore, "refusals" | "log">, reason: AnnouncementRefusal, taskId: Hex, detail: string): void {
  core.refusals[reason] = (core.refusals[reason] ?? 0) + 1;
  core.log.info(`announcement refused: ${reason}`, { taskId, detail });
}

/**
 * Bids on an announcement from `from` (the verified sender) it can do: the free checks, then the
 * manager's standing on chain (can it pay the budget?), all before spending a model call; then
 * prices the model's estimate, signs the EIP-712 bid and sends it to the manager only.
 */
export async function bidOn(core: WorkerCore, m: AnnounceMessage, from: VerifiedSender): Promise<void> {
  const { deps } = core;
  const { spec } = m;
  const taskId = spec.taskId;
  if (!screen(core, m, from)) return; // no model call spent on tasks we cannot or need not do
  if (deps.standing) {
    const policy = deps.admission ?? {};
    const admitted = admitAnnouncement(m, await deps.standing.standing(getAddress(m.manager), getAddress(spec.token), policy.minManagerReputation !== undefined), policy);
    if (!admitted.ok) return refuse(core, admitted.reason, taskId, admitted.detail);
  }
  const estimate = await deps.llm.estimateBid(spec, deps.profile);
  // What the model estimates, corrected by what its estimates really cost so far (costs learnt in workTask.ts).
  const price = priceFor(estimate.estimatedCost * core.costs.costAccuracy(deps.profile.agentId), deps.markup ?? 1.2);
  if (price > BigInt(spec.budget)) {
    core.log.info("not bidding: price above budget", { taskId, price: price.toString(), budget: spec.budget });
    return;
  }
  // Signed and recorded in the queue; sent beside it, so the next announcement does not wait for the manager's answer.
  await sendBid(core, m, { price, estimatedSteps: estimate.estimatedSteps, successProbability: estimate.successProbability, rationale: estimate.rationale }, (send) => core.aside(send));
  core.tasks.save(taskId, { ...core.tasks.load(taskId), estimatedCost: estimate.estimatedCost });
}

/**
 * Signs the EIP-712 bid for `price` and sends it with the estimate to the announcing manager;
 * the worker's own decision (the model's estimate, or an MCP host's) is already made.
 * Returns the signed terms.
 */
export async function sendBid(
  core: Pick<HostedWorkerCore, "deps" | "address" | "store" | "clock" | "tasks" | "tell">,
  m: AnnounceMessage,
  e: { price: bigint; estimatedSteps: number; successProbability: number; rationale: string },
  /** How the send runs (default: awaited here); the bid is signed and recorded before. */
  run: (send: () => Promise<void>) => Promise<void> | void = (send) => send(),
): Promise<BidTerms> {
  const { deps } = core;
  const { spec } = m;
  const taskId = spec.taskId;
  const price = e.price;
  const now = await deps.escrow.now();
  const terms: BidTerms = {
    taskId,
    specHash: m.specHash,
    client: getAddress(m.manager),
    worker: core.address,
    token: getAddress(spec.token),
    amount: price,
    arbiter: getAddress(spec.arbiter),
    deadline: BigInt(spec.deadline),
    reviewPeriod: BigInt(spec.reviewPeriod),
    expiry: now + (deps.bidTtlSeconds ?? 600n),
    nonce: nextNonce(core),
    claimedSuccessBps: claimBps(e.successProbability),
  };
  const signature = await deps.signer.signTypedData(bidTypedData(deps.escrow.chainId, deps.escrow.address, terms));
  core.tasks.save(taskId, { spec, bid: BidTerms.encode(terms) });
  const bid: BidMessage = {
    type: "bid",
    taskId,
    agentId: deps.profile.agentId,
    terms,
    signature,
    estimate: {
      price: price.toString(),
      estimatedSteps: e.estimatedSteps,
      estimatedSeconds: e.estimatedSteps * (deps.secondsPerStep ?? 10),
      successProbability: terms.claimedSuccessBps / 10_000,
      rationale: e.rationale.slice(0, 2_000),
    },
  };
  await run(async () => void (await core.tell(terms.client, bid)));
  return terms;
}

/** Nonces only need to be unused; time-seeded plus a persisted counter survives restarts. */
function nextNonce(core: Pick<WorkerCore, "store" | "clock">): bigint {
  const n = (core.store.get<number>("nonce") ?? 0) + 1;
  core.store.set("nonce", n);
  return BigInt(core.clock.now()) * 1_000_000n + BigInt(n);
}
