import { z } from "zod";
import { BidTerms, ClaimBps } from "./bidTerms.js";
import { ChecksumAddress, Hash32, Signature65 } from "./codecs.js";

/**
 * Manager -> each member of a team it formed from the bids of a team call: sign the team's one
 * bid. The team wallet is the TeamAccount the member's own trusted factory makes from `members`
 * (strictly ascending), `sharesBps` (summing to 10,000) and `dustMember`: `terms.worker` must be
 * that CREATE2 address, so the split a member signs for is the split the wallet pays
 * (agents/worker/teamSigning.ts checks it, and that its share covers its own bid's price).
 *
 * `memberClaimsBps` is each member's own claimed success (`claimedSuccessBps` of the bid it signed
 * for its part), in member order. The team succeeds only if every member's part does, so the team
 * may claim at most what those claims support together: `terms.claimedSuccessBps ≤ ⌊Π claims /
 * 10,000^(n−1)⌋` (the product of the members' probabilities, in basis points, rounded down). Each
 * member checks its own entry against its bid and the bound; since every member must sign, every
 * entry is checked by its owner ({@link teamClaimBoundBps}).
 */
export const TeamSignMessage = z.strictObject({
  type: z.literal("team-sign"),
  taskId: Hash32,
  members: z.array(ChecksumAddress).min(2).max(16),
  sharesBps: z.array(z.number().int().min(1).max(10_000)).min(2).max(16),
  dustMember: ChecksumAddress,
  memberClaimsBps: z.array(ClaimBps).min(2).max(16),
  terms: BidTerms,
});
export type TeamSignMessage = z.infer<typeof TeamSignMessage>;

/** Why a member did not sign a team bid (its answer says so at once, so the manager does not wait). */
export const TeamRefusal = z.enum([
  "no-bid",
  "not-the-client",
  "terms-mismatch",
  "not-a-member",
  "bad-split",
  "share-below-price",
  "team-mismatch",
  "no-team-factory",
  "claim-mismatch",
  "claim-too-high",
]);
export type TeamRefusal = z.infer<typeof TeamRefusal>;

/** Member -> the manager that asked: its EIP-712 signature of the team bid, or a typed refusal. */
export const TeamAnswerMessage = z.strictObject({
  type: z.literal("team-answer"),
  taskId: Hash32,
  /** The team wallet the request named (`terms.worker`). */
  team: ChecksumAddress,
  answer: z.discriminatedUnion("signed", [
    z.strictObject({ signed: z.literal(true), signature: Signature65 }),
    z.strictObject({ signed: z.literal(false), code: TeamRefusal, reason: z.string().max(500) }),
  ]),
});
export type TeamAnswerMessage = z.infer<typeof TeamAnswerMessage>;

/**
 * The most a team may claim from its members' own claims (basis points): the product of their
 * success probabilities, rounded down, since the team's work succeeds only if every part does.
 *
 * @example
 * teamClaimBoundBps([9_000, 8_000]) // 7_200
 */
export function teamClaimBoundBps(claimsBps: readonly number[]): number {
  if (claimsBps.length === 0) return 10_000;
  const product = claimsBps.reduce((p, c) => p * BigInt(c), 1n);
  return Number(product / 10_000n ** BigInt(claimsBps.length - 1));
}
