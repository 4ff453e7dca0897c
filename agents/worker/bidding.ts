import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { bidTypedData, type BidTerms } from "../protocol/eip712.js";
import { specHash } from "../protocol/hashes.js";
import { BidTermsCodec, type AnnounceMessage } from "../protocol/messages.js";
import { isCapable, priceFor } from "./decide.js";
import type { WorkerCore } from "./workerTypes.js";

/**
 * Bids on an announcement it can do: checks escrow, capability and spec hash before spending an
 * LLM call, prices the model's estimate, signs the EIP-712 bid and sends it to the manager only.
 */
export async function bidOn(core: WorkerCore, m: AnnounceMessage): Promise<void> {
  const { deps } = core;
  const { spec } = m;
  const taskId = spec.taskId.toLowerCase() as Hex;
  if (m.chainId !== deps.escrow.chainId || !isAddressEqual(m.escrow as Address, deps.escrow.address)) {
    core.log.info("announcement for another escrow ignored", { taskId, escrow: m.escrow });
    return;
  }
  if (!isCapable(deps.profile, spec)) return; // no LLM call spent on tasks we cannot do
  if (specHash(spec) !== m.specHash.toLowerCase()) {
    core.log.warn("announcement ignored: specHash does not match spec", { taskId });
    return;
  }
  if (core.tasks.load(taskId)) return;
  const estimate = await deps.llm.estimateBid(spec, deps.profile);
  const price = priceFor(estimate.estimatedCost, deps.markup ?? 1.2);
  if (price > BigInt(spec.budget)) {
    core.log.info("not bidding: price above budget", { taskId, price: price.toString(), budget: spec.budget });
    return;
  }
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
      estimatedSteps: estimate.estimatedSteps,
      estimatedSeconds: estimate.estimatedSteps * (deps.secondsPerStep ?? 10),
      successProbability: estimate.successProbability,
      rationale: estimate.rationale.slice(0, 2_000),
    },
  });
}

/** Nonces only need to be unused; time-seeded plus a persisted counter survives restarts. */
function nextNonce(core: WorkerCore): bigint {
  const n = (core.store.get<number>("nonce") ?? 0) + 1;
  core.store.set("nonce", n);
  return BigInt(core.clock.now()) * 1_000_000n + BigInt(n);
}
