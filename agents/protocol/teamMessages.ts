import { z } from "zod";
import { BidTerms } from "./bidTerms.js";
import { ChecksumAddress, Hash32, Signature65 } from "./codecs.js";

/**
 * Manager -> each member of a team it formed from the bids of a team call: sign the team's one
 * bid. The team wallet is the TeamAccount the member's own trusted factory makes from `members`
 * (strictly ascending), `sharesBps` (summing to 10,000) and `dustMember`: `terms.worker` must be
 * that CREATE2 address, so the split a member signs for is the split the wallet pays
 * (agents/worker/teamSigning.ts checks it, and that its share covers its own bid's price).
 */
export const TeamSignMessage = z.strictObject({
  type: z.literal("team-sign"),
  taskId: Hash32,
  members: z.array(ChecksumAddress).min(2).max(16),
  sharesBps: z.array(z.number().int().min(1).max(10_000)).min(2).max(16),
  dustMember: ChecksumAddress,
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
