import { performance } from "node:perf_hooks";
import { getAddress, keccak256, toHex, type Address, type PublicClient, type WalletClient } from "viem";
import { createEscrowClient } from "../chain/escrow.js";
import { signBid } from "../chain/signBid.js";
import { readTaskFacts } from "../chain/taskFacts.js";
import { checkLeaves } from "../market/chainCheck.js";
import type { ProvenReview } from "../market/provenClaims.js";

export interface ChainCheckBenchResult {
  reviews: number;
  /** Batched: `idsPerCall` task ids per eth_getLogs. */
  batched: { idsPerCall: number; calls: number; ms: number; chainChecked: number };
  /** The naive way, for comparison: one eth_getLogs per task. */
  perTask: { calls: number; ms: number };
}

/**
 * Funds, submits and releases `count` real tasks (client → worker, claim 8,000 bps), returning
 * the leaves of the client's reviews of them as an honest indexer would anchor them.
 */
export async function releasedTasks(o: { publicClient: PublicClient; escrow: Address; token: Address; client: WalletClient; worker: WalletClient; arbiter: Address; count: number }): Promise<ProvenReview[]> {
  const asClient = createEscrowClient({ publicClient: o.publicClient, walletClient: o.client, address: o.escrow });
  const asWorker = createEscrowClient({ publicClient: o.publicClient, walletClient: o.worker, address: o.escrow });
  const clientAddr = getAddress(o.client.account!.address);
  const workerAddr = getAddress(o.worker.account!.address);
  const chainId = await o.publicClient.getChainId();
  const now = (await o.publicClient.getBlock()).timestamp;
  const leaves: ProvenReview[] = [];
  for (let i = 0; i < o.count; i++) {
    const bid = {
      taskId: keccak256(toHex(`chain-check bench ${i}`)), specHash: keccak256(toHex("spec")), client: clientAddr, worker: workerAddr, token: o.token,
      amount: 1_000_000n, arbiter: o.arbiter, deadline: now + 86_400n, reviewPeriod: 3_600n, expiry: now + 86_400n, nonce: BigInt(i + 1), claimedSuccessBps: 8_000,
    };
    await asClient.fund({ bid, signature: await signBid(o.worker, chainId, o.escrow, bid) });
    await asWorker.submit({ ...bid, resultHash: keccak256(toHex(`result ${i}`)) });
    leaves.push({ taskId: bid.taskId, reviewer: clientAddr, subject: workerAddr, rating: 5, commentHash: keccak256(toHex(i)), timestamp: now, worker: workerAddr, claimedSuccessBps: 8_000, deliveredBps: 10_000, epoch: 0n });
  }
  for (let i = 0; i < leaves.length; i += 100) await asClient.releaseBatch({ tasks: leaves.slice(i, i + 100).map((l) => ({ client: clientAddr, taskId: l.taskId })) });
  return leaves;
}

/**
 * Times the chain check of `leaves` (readTaskFacts, then checkLeaves) batched and one task per
 * request, through `publicClient` (give it an HTTP transport to count the round trips a real node costs).
 *
 * @example
 * const r = await benchChainCheck({ publicClient, escrow, leaves, idsPerCall: 500 });
 */
export async function benchChainCheck(o: { publicClient: PublicClient; escrow: Address; leaves: readonly ProvenReview[]; idsPerCall?: number }): Promise<ChainCheckBenchResult> {
  const idsPerCall = o.idsPerCall ?? 500;
  const taskIds = o.leaves.map((l) => l.taskId);
  let t = performance.now();
  const batched = await readTaskFacts(o.publicClient, { address: o.escrow, taskIds, idsPerCall });
  const checked = checkLeaves(o.leaves, batched.tasks).filter((c) => c.status === "chain-checked").length;
  const batchedMs = performance.now() - t;
  t = performance.now();
  const single = await readTaskFacts(o.publicClient, { address: o.escrow, taskIds, idsPerCall: 1 });
  checkLeaves(o.leaves, single.tasks);
  const perTaskMs = performance.now() - t;
  return {
    reviews: o.leaves.length,
    batched: { idsPerCall, calls: batched.calls, ms: Math.round(batchedMs), chainChecked: checked },
    perTask: { calls: single.calls, ms: Math.round(perTaskMs) },
  };
}
