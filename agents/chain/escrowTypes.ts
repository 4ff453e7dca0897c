import type { Address, Hex } from "viem";
import type { BidTerms } from "../protocol/eip712.js";

import type { TaskStatus } from "../protocol/taskLifecycle.js";

/** `ITaskEscrow.Terms`: everything frozen at funding; every call after funding passes it back. */
export interface EscrowTerms extends Pick<BidTerms, "client" | "worker" | "token" | "amount" | "arbiter" | "deadline" | "reviewPeriod"> {
  feeBps: number;
  referrerShareBps: number;
  fallbackWorkerBps: number;
  rulingWindow: number;
  feeRecipient: Address;
  referrer: Address;
}

/**
 * Which escrow: the contract keys tasks by client and id, so a task id alone names nothing (anyone
 * may fund their own task under any id). A `BidTerms` is a TaskRef too.
 */
export interface TaskRef {
  client: Address;
  taskId: Hex;
}

/**
 * One escrow as the chain tells it (`getTask`): its status, frozen terms and the facts its events
 * recorded. The agents decide on it; the tests assert on it.
 */
export interface EscrowTask {
  taskId: Hex;
  status: TaskStatus;
  /** Unix seconds of the last transition (fundedAt, submittedAt, disputedAt or settledAt). */
  since: number;
  terms: EscrowTerms;
  specHash: Hex;
  /** The worker's signed success claim in basis points (TaskFunded's settings, bits [240, 256)). */
  claimedSuccessBps: number;
  submission?: { resultHash: Hex; reviewDeadline: bigint };
  dispute?: { disputant: Address; reasonHash: Hex; rulingDeadline: bigint };
  cancelRequestedBy?: Address;
  settlement?: { workerPayout: bigint; fee: bigint; clientRefund: bigint };
  /** Opt-in internal balances: client refunds (funded from credit) / worker payouts (submitted for credit) go to escrow credit. */
  payoutsToCredit?: { client: boolean; worker: boolean };
}

/** The settings a client accepts at funding (see `fund`); the contract takes them packed, {@link packConfigBound}. */
export interface ConfigBound {
  maxFeeBps: number;
  fallbackWorkerBps: number;
  maxRulingWindow: number;
}

/** Result of every state-changing call of the binding. */
export interface TxResult {
  hash: Hex;
  gasUsed: bigint;
}

export interface PermitSignature {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}
