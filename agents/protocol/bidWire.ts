import { z } from "zod";
import { AddressString, Amount, Bytes32 } from "./task.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";

/** A 65-byte ECDSA signature as hex (what an agent's wallet signs). */
export const Signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte hex signature");
/** Unix seconds as a decimal string (uint64 on-chain). */
export const Uint64String = z.string().regex(/^[0-9]{1,20}$/, "expected a uint64 decimal string");

/** A success claim in basis points: signed as uint16 in the bid, at most 10,000 (certain). */
export const ClaimBps = z.number().int().min(0).max(10_000);

/**
 * The basis points a worker signs for a success probability in [0, 1]; the bid's estimate and its
 * signed claim must agree on this rounding (checkBid).
 *
 * @example
 * claimBps(0.8); // 8000
 */
export function claimBps(probability: number): number {
  return Math.round(Math.min(1, Math.max(0, probability)) * 10_000);
}

/** The EIP-712 Bid struct on the wire: {@link BidTerms} with bigints as decimal strings. */
export const BidTermsWire = z.strictObject({
  taskId: Bytes32,
  specHash: Bytes32,
  client: AddressString,
  worker: AddressString,
  token: AddressString,
  amount: Amount,
  arbiter: AddressString,
  deadline: Uint64String,
  reviewPeriod: Uint64String,
  expiry: Uint64String,
  nonce: Amount,
  claimedSuccessBps: ClaimBps,
});
export type BidTermsWire = z.infer<typeof BidTermsWire>;

/** A decimal string on the wire, a bigint inside. */
const decimal = (wire: z.ZodString) => z.codec(wire, z.bigint(), { decode: (s) => BigInt(s), encode: (b) => b.toString() });

/**
 * The codec between a bid's wire terms and {@link BidTerms}: `BidTermsCodec.decode(wire)`
 * normalises once (checksummed addresses, lower-case hashes, bigints), `BidTermsCodec.encode(terms)`
 * gives the wire form back. Messages themselves stay in wire form, so they survive JSON as they are.
 */
export const BidTermsCodec = z.strictObject({
  taskId: Hash32,
  specHash: Hash32,
  client: ChecksumAddress,
  worker: ChecksumAddress,
  token: ChecksumAddress,
  amount: decimal(Amount),
  arbiter: ChecksumAddress,
  deadline: decimal(Uint64String),
  reviewPeriod: decimal(Uint64String),
  expiry: decimal(Uint64String),
  nonce: decimal(Amount),
  claimedSuccessBps: ClaimBps,
});
