import { z } from "zod";
import { ChecksumAddress, Hash32 } from "./codecs.js";

/**
 * Why a manager refused a bid (sent back to the bidder in {@link RejectMessage}): the bid failed a
 * check (agents/manager/checkBid.ts), or it competed and lost (`outbid`, `unawarded`).
 */
export const RejectCode = z.enum([
  "unknown-task",
  "bidding-closed",
  "task-mismatch",
  "terms-mismatch",
  "over-budget",
  "price-mismatch",
  "claim-mismatch",
  "expired",
  "not-asked",
  "incapable",
  "duplicate",
  "bad-signature",
  "not-the-bidder",
  "outbid",
  "unawarded",
]);
export type RejectCode = z.infer<typeof RejectCode>;

/**
 * Manager -> a bidder whose bid lost or was refused, with a typed code and the reason.
 *
 * @example
 * const reject = RejectMessage.parse(raw); console.log(reject.code, reject.reason);
 */
export const RejectMessage = z.strictObject({
  type: z.literal("reject"),
  taskId: Hash32,
  worker: ChecksumAddress,
  code: RejectCode,
  reason: z.string().max(500),
});
export type RejectMessage = z.infer<typeof RejectMessage>;
