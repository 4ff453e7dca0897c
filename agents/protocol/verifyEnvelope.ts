import { bytesToHex, isAddressEqual, recoverAddress, type Address } from "viem";
import { z } from "zod";
import { parseMessage } from "./parseMessage.js";
import type { Message } from "./messages.js";
import {
  EnvelopeError,
  MAX_ENVELOPE_TTL_SECONDS,
  SignedEnvelope,
  envelopeDigest,
  messageTaskId,
  payloadHash,
  type EnvelopeDomain,
  type Sender,
  type WalletResolver,
} from "./envelope.js";
import type { ReplayGuard } from "./replayGuard.js";
import { signedBy } from "./signatureCheck.js";

export interface VerifyEnvelopeContext {
  domain: EnvelopeDomain;
  /** The receiver's own wallet: an envelope for anyone else is refused. */
  self: Address;
  resolver: WalletResolver;
  /** Envelopes already accepted (per receiver). */
  replay: ReplayGuard;
  /** Unix seconds now (the receiver's clock). */
  nowSeconds: bigint;
  maxTtlSeconds?: number;
}

export type VerifyEnvelopeResult = { ok: true; from: Sender; message: Message } | { ok: false; error: EnvelopeError };

const fail = (code: ConstructorParameters<typeof EnvelopeError>[0], message: string, details?: Record<string, unknown>): VerifyEnvelopeResult => ({
  ok: false,
  error: new EnvelopeError(code, message, details),
});

/**
 * Checks an untrusted envelope before anything acts on it, cheapest check first: shape,
 * recipient, expiry, payload hash and task, payload schema, then the signer against the wallet
 * the identity registry binds to the claimed agent id, then replay. Only a fully checked
 * envelope consumes its nonce, so a forgery cannot burn a real sender's nonce. Never throws.
 *
 * @example
 * const r = await verifyEnvelope(raw, { domain, self, resolver, replay, nowSeconds });
 * if (!r.ok) return jsonRpcError(r.error); else handle(r.from, r.message);
 */
export async function verifyEnvelope(raw: unknown, ctx: VerifyEnvelopeContext): Promise<VerifyEnvelopeResult> {
  const parsed = SignedEnvelope.safeParse(raw);
  if (!parsed.success) return fail("ENVELOPE_INVALID", `invalid envelope: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  const env = parsed.data;
  if (!isAddressEqual(env.to, ctx.self)) return fail("ENVELOPE_WRONG_RECIPIENT", "envelope is addressed to another agent", { to: env.to });
  const expiry = BigInt(env.expiry);
  if (expiry <= ctx.nowSeconds) return fail("ENVELOPE_EXPIRED", "envelope expired", { expiry: env.expiry, now: ctx.nowSeconds.toString() });
  const ttl = BigInt(ctx.maxTtlSeconds ?? MAX_ENVELOPE_TTL_SECONDS);
  if (expiry > ctx.nowSeconds + ttl) return fail("ENVELOPE_EXPIRY_TOO_FAR", `envelope expiry more than ${ttl} s ahead`, { expiry: env.expiry });
  if (payloadHash(env.payload) !== env.payloadHash) return fail("ENVELOPE_PAYLOAD_MISMATCH", "payload does not match the signed payload hash");
  const message = parseMessage(env.payload);
  if (!message.ok) return { ok: false, error: new EnvelopeError("MESSAGE_INVALID", message.error.shortMessage) };
  if (messageTaskId(message.message) !== env.taskId) return fail("ENVELOPE_TASK_MISMATCH", "payload is about another task than the signed task id", { taskId: env.taskId });

  const from = BigInt(env.from);
  const fields = { from, to: env.to, taskId: env.taskId, expiry, nonce: BigInt(env.nonce), payloadHash: env.payloadHash };
  let registered: Address | undefined;
  try {
    registered = await ctx.resolver.walletOf(from);
  } catch (err) {
    return fail("ENVELOPE_UNREGISTERED_SENDER", "cannot read the sender's registered wallet", { from: env.from, cause: String(err) });
  }
  if (!registered) return fail("ENVELOPE_UNREGISTERED_SENDER", "sender has no registered wallet", { from: env.from });
  let digest: Uint8Array;
  try {
    digest = envelopeDigest(ctx.domain, fields);
  } catch {
    return fail("ENVELOPE_INVALID", "envelope fields do not fit their EIP-712 types", { from: env.from });
  }
  if (!signedBy(digest, env.signature, registered)) {
    const signer = await recoverAddress({ hash: bytesToHex(digest), signature: env.signature }).catch(() => undefined);
    if (!signer) return fail("ENVELOPE_BAD_SIGNATURE", "signature does not recover", { from: env.from });
    return fail("ENVELOPE_BAD_SIGNATURE", "not signed by the sender's registered wallet", { from: env.from, signer, registered });
  }
  if (!ctx.replay.accept(registered, fields.nonce, expiry, ctx.nowSeconds)) return fail("ENVELOPE_REPLAYED", "envelope already received", { from: env.from, nonce: env.nonce });
  return { ok: true, from: { agentId: env.from, address: registered }, message: message.message };
}
