import type { PublicClient, WalletClient } from "viem";

/** Gas of real transactions (receipt gasUsed); see measureEscrowGas.ts for what each one is. */
export interface EscrowGasFigures {
  /** Cheapest supported happy path: fundFromCredit + submitForCredit + releaseCompact (credit in, credit out, fee deferred). */
  fund: number;
  submit: number;
  release: number;
  happyPath: number;
  /** Default path, no opt-in: fund (transferFrom in) + submit + release (token transfer out). */
  fundWithTransfer: number;
  submitWithTransfer: number;
  releaseWithTransfer: number;
  happyPathWithTransfers: number;
  /** Credit in and out, but the full-terms release that credits the fee at once (nothing deferred). */
  releaseFeeCredited: number;
  happyPathFeeCredited: number;
  /** One-off costs of the credit path: the client's first deposit, the worker's withdrawal of its credit. */
  deposit: number;
  withdraw: number;
  /** What the collector (e.g. the platform) pays later per deferred fee: one collectFees over batchSize + 2 compact releases, per task. */
  collectFeesPerTask: number;
  autoRelease: number;
  disputeRuling: number;
  disputeFallback: number;
  refund: number;
  decline: number;
  batchReleasePerTask: number;
}

export interface MeasureEscrowGasDeps {
  publicClient: PublicClient;
  /** deployer/owner, client (manager), worker, arbiter, fee recipient. */
  wallets: { owner: WalletClient; client: WalletClient; worker: WalletClient; arbiter: WalletClient; feeRecipient: WalletClient };
  /** Moves chain time forward (e.g. networkHelpers.time.increase). */
  increaseTime: (seconds: number) => Promise<void>;
  /** Fee in bps for the measured escrow (the figures are "fee on"). */
  feeBps?: number;
  /** Tasks per batch for `batchReleasePerTask`. */
  batchSize?: number;
}

