import { z } from "zod";
import { Amount, TaskSpec } from "./task.js";
import { ChecksumAddress, Hash32, Signature65 } from "./codecs.js";
import { BidTerms } from "./bidTerms.js";
import { TeamAnswerMessage, TeamSignMessage } from "./teamMessages.js";
import { TeamSubmitAnswerMessage, TeamSubmitMessage } from "./teamSubmitMessages.js";
import { RejectMessage } from "./rejectMessage.js";
import { EvidenceMessage, ReportMessage } from "./settlementMessages.js";

/**
 * Contract-net messages. Every message that crosses a transport is one member of {@link Message};
 * the `type` field discriminates. Bigints travel as decimal strings, signatures and hashes as hex.
 * Parsing decodes (a bid's terms become {@link BidTerms} with bigints); `Message.encode` gives the
 * wire form back, which signEnvelope does once for every message sent.
 */

export { BidTerms, ClaimBps, claimBps, type BidTermsWire } from "./bidTerms.js";
export { TeamAnswerMessage, TeamRefusal, TeamSignMessage, teamClaimBoundBps } from "./teamMessages.js";
export { TeamSubmitAnswerMessage, TeamSubmitMessage, TeamSubmitRefusal } from "./teamSubmitMessages.js";
export { RejectCode, RejectMessage } from "./rejectMessage.js";
export { EvidenceMessage, ReportMessage } from "./settlementMessages.js";

/**
 * A worker's own forecast, which the manager calibrates against its track record. The one
 * schema of an estimate: the model's answer (llm/types.ts `ModelEstimate`) is derived from it.
 */
export const BidEstimate = z.strictObject({
  /** Asking price in token base units; must equal the signed `terms.amount`. */
  price: Amount,
  estimatedSteps: z.number().int().positive().max(100_000),
  estimatedSeconds: z.number().positive(),
  /** Self-reported probability of delivering work that passes the judge, in [0, 1]; the signed
   * `terms.claimedSuccessBps` must equal {@link claimBps} of it. */
  successProbability: z.number().min(0).max(1),
  rationale: z.string().max(2_000),
});
export type BidEstimate = z.infer<typeof BidEstimate>;

/**
 * Manager -> each candidate worker it asks: a task is open for bids until `bidWindowEndsAt` (unix ms).
 *
 * @example
 * const announce = AnnounceMessage.parse(JSON.parse(body)); // throws on anything else
 */
export const AnnounceMessage = z.strictObject({
  type: z.literal("announce"),
  manager: ChecksumAddress,
  chainId: z.number().int().positive(),
  escrow: ChecksumAddress,
  spec: TaskSpec,
  specHash: Hash32,
  bidWindowEndsAt: z.number().int().nonnegative(),
  /**
   * No registered worker has every required skill, so the manager forms a team from the bids
   * (agents/manager/teamAward.ts): a worker holding some of the skills may bid for its part.
   */
  teamCall: z.boolean().optional(),
});
export type AnnounceMessage = z.infer<typeof AnnounceMessage>;

/**
 * Worker -> manager: signed terms plus the estimate that scoring uses.
 *
 * @example
 * const bid = BidMessage.safeParse(raw); if (bid.success) console.log(bid.data.estimate.price);
 */
export const BidMessage = z.strictObject({
  type: z.literal("bid"),
  /** The task this bid answers; the signed `terms.taskId` must match it. */
  taskId: Hash32,
  agentId: z.string().min(1).max(128),
  terms: BidTerms,
  signature: Signature65,
  estimate: BidEstimate,
});
export type BidMessage = z.infer<typeof BidMessage>;

/**
 * Manager -> winner: the escrow is funded (or re-sent after a restart: deliver the result).
 *
 * @example
 * const award = AwardMessage.parse({ type: "award", taskId, agentId: "7" });
 */
export const AwardMessage = z.strictObject({
  type: z.literal("award"),
  taskId: Hash32,
  worker: ChecksumAddress,
  /** The funding transaction, when the sender knows it (a restarted manager may not). */
  fundTx: Hash32.optional(),
});
export type AwardMessage = z.infer<typeof AwardMessage>;

/**
 * Worker -> manager: the result itself, signed; its keccak256 is what the worker submitted on-chain.
 *
 * @example
 * const result = ResultMessage.parse(raw); // check resultHash(result.output) against the chain
 */
export const ResultMessage = z.strictObject({
  type: z.literal("result"),
  taskId: Hash32,
  worker: ChecksumAddress,
  output: z.string().max(200_000),
  resultHash: Hash32,
  /** The worker's EIP-712 `Result` signature over (taskId, resultHash); see resultTypedData.ts. */
  signature: Signature65,
});
export type ResultMessage = z.infer<typeof ResultMessage>;

/**
 * Manager -> the workers it asked: an announced task is withdrawn before award; bids for it are void.
 *
 * @example
 * const cancel = CancelMessage.parse({ type: "cancel", taskId, reason: "no longer needed" });
 */
export const CancelMessage = z.strictObject({
  type: z.literal("cancel"),
  taskId: Hash32,
  reason: z.string().max(500),
});
export type CancelMessage = z.infer<typeof CancelMessage>;

/**
 * Every contract-net message, one discriminated union on `type`: what an agent accepts from
 * the wire (use {@link parseMessage} for a typed error instead of a throw).
 *
 * @example
 * const m = Message.parse(JSON.parse(body));
 * if (m.type === "bid") handleBid(m);
 */
export const Message = z.discriminatedUnion("type", [
  AnnounceMessage,
  BidMessage,
  AwardMessage,
  RejectMessage,
  ResultMessage,
  ReportMessage,
  CancelMessage,
  EvidenceMessage,
  TeamSignMessage,
  TeamAnswerMessage,
  TeamSubmitMessage,
  TeamSubmitAnswerMessage,
]);
export type Message = z.infer<typeof Message>;
/** A message as JSON carries it (what `Message.encode` gives). */
export type MessageWire = z.input<typeof Message>;
export type MessageType = Message["type"];
