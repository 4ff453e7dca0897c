import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { bidTypedData, type BidTerms } from "../protocol/eip712.js";
import { specHash } from "../protocol/hashes.js";
import { BidTermsCodec, claimBps, type AnnounceMessage } from "../protocol/messages.js";
import { admitAnnouncement } from "./admission.js";
import { isCapable, priceFor } from "./decide.js";
import type { HostedWorkerCore, WorkerCore } from "./workerTypes.js";

/** Why an announcement is not one this worker can bid on, or undefined when it is. */
export function announcementProblem(core: Pick<HostedWorkerCore, "deps">, m: AnnounceMessage): "other-escrow" | "incapable" | "spec-hash" | undefined {
  const { deps } = core;
  if (m.chainId !== deps.escrow.chainId || !isAddressEqual(m.escrow as Address, deps.escrow.address)) return "other-escrow";
  if (!isCapable(deps.profile, m.spec)) return "incapable";
  if (specHash(m.spec) !== m.specHash.toLowerCase()) return "spec-hash";
  return undefined;
}

/**
 * Bids on an announcement it can do: checks escrow, capability and spec hash before spending an
 * LLM call, prices the model's estimate, signs the EIP-712 bid and sends it to the manager only.
 */
export async function bidOn(core: WorkerCore, m: AnnounceMessage): Promise<void> {
  const { deps } = core;
  const { spec } = m;
  const taskId = spec.taskId.toLowerCase() as Hex;
  const problem = announcementProblem(core, m);
  if (problem === "other-escrow") core.log.info("announcement for another escrow ignored", { taskId, escrow: m.escrow });
  if (problem === "spec-hash") core.log.warn("announcement ignored: specHash does not match spec", { taskId });
  if (problem) return; // no LLM call spent on tasks we cannot do
  if (core.tasks.load(taskId)) return;
  // Before any model call: can the manager pay the budget (escrow credit, or balance and allowance)?
  if (deps.standing) {
    const policy = deps.admission ?? {};
    const admitted = admitAnnouncement(m, await deps.standing.standing(getAddress(m.manager), getAddress(spec.token), policy.minManagerReputation !== undefined), policy);
    if (!admitted.ok) {
      core.refusals[admitted.reason] = (core.refusals[admitted.reason] ?? 0) + 1;
      core.log.info(`announcement refused: ${admitted.reason}`, { taskId, detail: admitted.detail });
      return;
    }
  }
  const estimate = await deps.llm.estimateBid(spec, deps.profile);
  const price = priceFor(estimate.estimatedCost, deps.markup ?? 1.2);
  if (price > BigInt(spec.budget)) {
    core.log.info("not bidding: price above budget", { taskId, price: price.toString(), budget: spec.budget });
    return;
  }
  await sendBid(core, m, { price, estimatedSteps: estimate.estimatedSteps, successProbability: estimate.successProbability, rationale: estimate.rationale });
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
): Promise<BidTerms> {
  const { deps } = core;
  const { spec } = m;
  const taskId = spec.taskId.toLowerCase() as Hex;
  const price = e.price;
  const now = await deps.escrow.now();
  const terms: BidTerms = {
    taskId,
    specHash: m.specHash.toLowerCase() as Hex,
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
  core.tasks.save(taskId, { spec, bid: BidTermsCodec.encode(terms) });
  await core.tell(terms.client, {
    type: "bid",
    taskId,
    agentId: deps.profile.agentId,
    terms: BidTermsCodec.encode(terms),
    signature,
    estimate: {
      price: price.toString(),
      estimatedSteps: e.estimatedSteps,
      estimatedSeconds: e.estimatedSteps * (deps.secondsPerStep ?? 10),
      successProbability: terms.claimedSuccessBps / 10_000,
      rationale: e.rationale.slice(0, 2_000),
    },
  });
  return terms;
}

/** Nonces only need to be unused; time-seeded plus a persisted counter survives restarts. */
function nextNonce(core: Pick<WorkerCore, "store" | "clock">): bigint {
  const n = (core.store.get<number>("nonce") ?? 0) + 1;
  core.store.set("nonce", n);
  return BigInt(core.clock.now()) * 1_000_000n + BigInt(n);
}
