import { encodeAbiParameters, getAddress, keccak256, zeroAddress } from "viem";
import type { Address, Hex } from "viem";
import type { ConfigBound, EscrowTerms } from "./escrowTypes.js";

/** Fields of a decoded TaskFunded event that make up the terms. */
export interface FundedEventArgs {
  client?: Address;
  worker?: Address;
  token?: Address;
  amount?: bigint;
  arbiter?: Address;
  deadline?: bigint;
  reviewPeriod?: bigint;
  referrer?: Address;
  /** The five frozen settings and the bid's claim in one word (layout in EscrowLog.sol). */
  settings?: bigint;
}

/** The settings word of TaskFunded, unpacked (pure; mirrors `EscrowLog.sol`). */
export function unpackSettings(w: bigint): Pick<EscrowTerms, "feeBps" | "referrerShareBps" | "fallbackWorkerBps" | "rulingWindow" | "feeRecipient"> {
  const bits = (shift: bigint, width: bigint) => (w >> shift) & ((1n << width) - 1n);
  return {
    feeBps: Number(bits(0n, 16n)),
    referrerShareBps: Number(bits(16n, 16n)),
    fallbackWorkerBps: Number(bits(32n, 16n)),
    rulingWindow: Number(bits(48n, 32n)),
    feeRecipient: getAddress(`0x${bits(80n, 160n).toString(16).padStart(40, "0")}`),
  };
}

/** The worker's signed success claim in basis points, bits [240, 256) of TaskFunded's settings (pure). */
export function claimedSuccessBpsOf(settings: bigint): number {
  return Number((settings >> 240n) & 0xffffn);
}

/** Rebuilds the committed {@link EscrowTerms} from a TaskFunded event (pure). */
export function termsFromFundedEvent(a: FundedEventArgs): EscrowTerms {
  const need = <T>(v: T | undefined, name: string): T => {
    if (v === undefined) throw new Error(`TaskFunded event without ${name}`);
    return v;
  };
  return {
    client: need(a.client, "client"),
    worker: need(a.worker, "worker"),
    token: need(a.token, "token"),
    amount: need(a.amount, "amount"),
    arbiter: need(a.arbiter, "arbiter"),
    deadline: need(a.deadline, "deadline"),
    reviewPeriod: need(a.reviewPeriod, "reviewPeriod"),
    ...unpackSettings(need(a.settings, "settings")),
    referrer: a.referrer ?? zeroAddress,
  };
}

/** `ITaskEscrow.HotTerms`: the seven terms the compact entry points pass in full. */
export interface HotTerms {
  client: Address;
  worker: Address;
  token: Address;
  amount: bigint;
  deadline: bigint;
  reviewPeriod: bigint;
  feeBps: number;
}

/** The hot half of the terms (pure). */
export function hotTerms(t: EscrowTerms): HotTerms {
  return {
    client: t.client,
    worker: t.worker,
    token: t.token,
    amount: t.amount,
    deadline: t.deadline,
    reviewPeriod: t.reviewPeriod,
    feeBps: t.feeBps,
  };
}

/**
 * keccak256 of the cold terms as ABI words, the second leaf of the task commitment (pure;
 * mirrors `EscrowHash.coldHash`).
 *
 * @example
 * await escrow.write.releaseCompact([taskId, hotTerms(terms), coldTermsHash(terms)]);
 */
export function coldTermsHash(t: EscrowTerms): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint16" }, { type: "uint16" }, { type: "uint32" }, { type: "address" }, { type: "address" }],
      [t.arbiter, t.referrerShareBps, t.fallbackWorkerBps, t.rulingWindow, t.feeRecipient, t.referrer],
    ),
  );
}

/** The `bound` word of `fund`: maxFeeBps | fallbackWorkerBps << 16 | maxRulingWindow << 32 (pure). */
export function packConfigBound(b: ConfigBound): bigint {
  return BigInt(b.maxFeeBps) | (BigInt(b.fallbackWorkerBps) << 16n) | (BigInt(b.maxRulingWindow) << 32n);
}
