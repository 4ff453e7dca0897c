import { z } from "zod";
import { Amount } from "./task.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";

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

/**
 * The EIP-712 Bid struct on the wire: {@link BidTerms} with bigints as decimal strings.
 *
 * @example
 * const wire = BidTermsCodec.encode(terms); // bigints as decimal strings, ready for JSON
 */
export const BidTermsWire = z.strictObject({
  taskId: Hash32,
  specHash: Hash32,
  client: ChecksumAddress,
  worker: ChecksumAddress,
  token: ChecksumAddress,
  amount: Amount,
  arbiter: ChecksumAddress,
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
 * normalises once (checksummed addresses, lower-case hashes, bigints), `encodeBidTerms(terms)`
 * gives the wire form back. Messages themselves stay in wire form, so they survive JSON as they are.
 */
export const BidTermsCodec = BidTermsWire.extend({
  amount: decimal(Amount),
  deadline: decimal(Uint64String),
  reviewPeriod: decimal(Uint64String),
  expiry: decimal(Uint64String),
  nonce: decimal(Amount),
});

/**
 * The wire form of decoded bid terms, typed as {@link BidTermsWire} (the codec's own `encode`
 * types ids and addresses as plain strings).
 *
 * @example
 * const wire = encodeBidTerms(terms); // { taskId: "0x…", amount: "4000000", … }
 */
export function encodeBidTerms(terms: z.output<typeof BidTermsCodec>): BidTermsWire {
  return BidTermsWire.parse(BidTermsCodec.encode(terms));
}
