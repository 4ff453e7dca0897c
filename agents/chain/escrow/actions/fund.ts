import { zeroAddress } from "viem";
import type { Address, Hex } from "viem";
import type { BidTerms } from "../../../protocol/eip712.js";
import { EscrowTxError } from "../../escrowErrors.js";
import { packConfigBound } from "../../escrowTerms.js";
import type { ConfigBound, PermitSignature, TxResult } from "../../escrowTypes.js";
import type { EscrowBaseClient } from "../baseClient.js";
import { writeEscrow, type EscrowWriteErrorType } from "../writeEscrow.js";
import { getConfigBound } from "./getConfigBound.js";

export interface FundParameters {
  bid: BidTerms;
  /** The worker's EIP-712 signature of `bid`. */
  signature: Hex;
  referrer?: Address;
  /** Fund with an EIP-2612 permit instead of a prior approval. */
  permit?: PermitSignature;
  /** Debit the client's escrow credit (see `deposit`); refunds of the task then return to it. */
  fromCredit?: boolean;
  /** The settings the client accepts; by default exactly the current ones ({@link getConfigBound}). */
  bound?: ConfigBound;
}
export type FundReturnType = TxResult;
export type FundErrorType = EscrowWriteErrorType;

/**
 * Funds `bid`: the client's tokens are pulled (transferFrom, or a permit first), or its credit is
 * debited. An owner change landing between reading the bound and funding reverts the funding with
 * `TaskEscrowFeeAboveBound` / `...FallbackSplitChanged` / `...RulingWindowAboveBound`.
 *
 * @example
 * await fund(client, { bid, signature: await signBid(worker, client.chainId, client.address, bid) });
 */
export async function fund(client: EscrowBaseClient, parameters: FundParameters): Promise<FundReturnType> {
  const { bid, signature, permit, fromCredit } = parameters;
  const referrer = parameters.referrer ?? zeroAddress;
  if (fromCredit && permit) throw new EscrowTxError("fund", "a permit cannot be combined with fromCredit");
  const bound = packConfigBound(parameters.bound ?? (await getConfigBound(client)));
  if (fromCredit) return writeEscrow(client, "fundFromCredit", [bid, signature, referrer, bound]);
  return permit
    ? writeEscrow(client, "fundWithPermit", [bid, signature, referrer, bound, permit])
    : writeEscrow(client, "fund", [bid, signature, referrer, bound]);
}
