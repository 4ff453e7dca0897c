import { z } from "zod";

/**
 * A bid as the market scores it: the numbers only. Signatures, nonces and expiry live in the
 * EIP-712 Bid (agents/protocol/eip712.ts) and are checked by the runtime and the escrow; the
 * allocator needs just who bids, at what price, and how sure they say they are.
 */
export const MarketBid = z.strictObject({
  agentId: z.string().min(1).max(128),
  /** Price asked, in token base units (the amount the escrow would lock). */
  price: z.number().nonnegative().finite(),
  /** The bidder's self-reported probability of success, before calibration. */
  claimedSuccess: z.number().min(0).max(1),
  estimatedSteps: z.number().int().positive().optional(),
  /** Seconds the bidder expects to need; used by the optional time term. */
  estimatedDurationSec: z.number().nonnegative().finite().optional(),
  rationale: z.string().max(4_000).optional(),
});
export type MarketBid = z.infer<typeof MarketBid>;
