import { z } from "zod";
import { ChecksumAddress, Hash32, HexBytes, Signature65 } from "./codecs.js";

/**
 * A team member's agent (the team's lead, its first member) -> each other member of a team that
 * was awarded a task: sign the TeamAccount call that submits the result's hash to the escrow.
 * `call` is exactly what `TeamAccount.execute(target, data, signatures)` runs and every member
 * signs as an EIP-712 `Call` (chain/teamSignature.ts `teamCallTypedData`): `target` the escrow,
 * `data` its `submit(taskId, hotTerms, coldTermsHash, resultHash)`, `nonce` the wallet's next one.
 * The deliverable travels with it so the member signs a hash it has checked
 * (agents/worker/teamSubmit.ts): a member signs nothing but that one call, for the task and team
 * wallet it signed the bid of.
 */
export const TeamSubmitMessage = z.strictObject({
  type: z.literal("team-submit"),
  taskId: Hash32,
  /** The task's client (the escrow keys tasks by client and id). */
  client: ChecksumAddress,
  /** The team's wallet, the task's worker on the escrow. */
  team: ChecksumAddress,
  output: z.string().max(200_000),
  call: z.strictObject({
    target: ChecksumAddress,
    data: HexBytes,
    nonce: z.string().regex(/^[0-9]{1,20}$/, "expected a decimal nonce"),
  }),
});
export type TeamSubmitMessage = z.infer<typeof TeamSubmitMessage>;

/** Why a member did not sign the team's submit call. */
export const TeamSubmitRefusal = z.enum([
  /** The escrow holds no funded task of this client and id whose worker is this team. */
  "not-funded",
  /** The call is not the escrow's `submit` of this task's terms (another target, function or task). */
  "call-mismatch",
  /** The call submits a hash that is not the hash of the output sent with it. */
  "hash-mismatch",
  /** The nonce is not the wallet's next one (a stale or replayed request). */
  "stale-nonce",
  "no-team-factory",
]);
export type TeamSubmitRefusal = z.infer<typeof TeamSubmitRefusal>;

/** Member -> the member that asked: its EIP-712 `Call` signature, or a typed refusal. */
export const TeamSubmitAnswerMessage = z.strictObject({
  type: z.literal("team-submit-answer"),
  taskId: Hash32,
  team: ChecksumAddress,
  answer: z.discriminatedUnion("signed", [
    z.strictObject({ signed: z.literal(true), signature: Signature65 }),
    z.strictObject({ signed: z.literal(false), code: TeamSubmitRefusal, reason: z.string().max(500) }),
  ]),
});
export type TeamSubmitAnswerMessage = z.infer<typeof TeamSubmitAnswerMessage>;
