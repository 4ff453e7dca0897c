import { z } from "zod";
import { Amount } from "./task.js";
import { ChecksumAddress, Hash32 } from "./codecs.js";

/** Unix seconds or seconds as a decimal string on the wire (uint64 on chain). */
const Uint64String = z.string().regex(/^[0-9]{1,20}$/, "expected a uint64 decimal string");

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

/** An unsigned integer: a decimal string on the wire, a bigint inside. */
const decimal = (wire: z.ZodString) => z.codec(wire, z.bigint(), { decode: (s) => BigInt(s), encode: (b) => b.toString() });

/**
 * The struct a worker signs (EIP-712 `Bid`, eip712.ts `bidTypes`; `ITaskEscrow.Bid` on chain), the
 * one definition of the bid terms. On the wire ids and addresses are hex and the integers decimal
 * strings; parsing decodes them straight to the domain form (lower-case ids, checksummed
 * addresses, bigints), and `BidTerms.encode(terms)` gives the wire form back (JSON-ready). A bid
 * or team-sign message carries the terms through this schema, so a parsed message holds them
 * decoded; a stored record keeps {@link BidTermsWire}.
 *
 * @example
 * const terms = BidTerms.parse(JSON.parse(text)); // terms.amount: 2000000n
 * const wire = BidTerms.encode(terms); // { amount: "2000000", … }
 */
export const BidTerms = z.strictObject({
  taskId: Hash32,
  specHash: Hash32,
  client: ChecksumAddress,
  worker: ChecksumAddress,
  token: ChecksumAddress,
  amount: decimal(Amount),
  arbiter: ChecksumAddress,
  /** Unix seconds by which the result must be submitted. */
  deadline: decimal(Uint64String),
  /** Seconds the client has to review a submission. */
  reviewPeriod: decimal(Uint64String),
  /** Unix seconds after which the bid can no longer fund an escrow. */
  expiry: decimal(Uint64String),
  nonce: decimal(Amount),
  /** The worker's signed estimate that its work passes the acceptance criteria, in basis points (0..10,000). */
  claimedSuccessBps: ClaimBps,
});
export type BidTerms = z.output<typeof BidTerms>;
/**
 * The bid terms as JSON carries them (what `BidTerms.encode` gives and `BidTerms.parse` takes):
 * the form a stored record keeps.
 *
 * @example
 * const wire: BidTermsWire = BidTerms.encode(terms); // { amount: "2000000", deadline: "1800000000", … }
 */
export type BidTermsWire = z.input<typeof BidTerms>;
