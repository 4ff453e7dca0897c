import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { Message } from "./messages.js";
import { envelopeDigest, envelopeTypedData, messageTaskId, payloadHash, type EnvelopeDomain, type EnvelopeSigner, type SignedEnvelope } from "./envelope.js";

export interface SignEnvelopeArgs {
  /** The sender's agent id in the identity registry. */
  from: bigint | string;
  /** The recipient's wallet. */
  to: Address;
  message: Message;
  /** Unix seconds after which the envelope is void. */
  expiry: bigint;
  /** Unique per sender while the envelope is live (random 128 bits is plenty). */
  nonce: bigint;
}

/**
 * Wraps one message for one recipient and signs it with the sender's registered wallet.
 *
 * @example
 * const env = await signEnvelope(signer, { chainId, escrow, registry }, { from: 3n, to: worker, message, expiry, nonce });
 */
export async function signEnvelope(signer: EnvelopeSigner, domain: EnvelopeDomain, args: SignEnvelopeArgs): Promise<SignedEnvelope> {
  // The one place a message goes back to its wire form (a bid's terms: bigints to decimal strings).
  // A message that does not encode is sent as it is, for the receiver to refuse (MESSAGE_INVALID).
  const encoded = Message.safeEncode(args.message);
  const payload: unknown = encoded.success ? encoded.data : args.message;
  const fields = {
    from: BigInt(args.from),
    to: getAddress(args.to),
    taskId: messageTaskId(args.message),
    expiry: args.expiry,
    nonce: args.nonce,
    payloadHash: payloadHash(payload),
  };
  const signature: Hex = signer.signDigest ? await signer.signDigest(bytesToHex(envelopeDigest(domain, fields))) : await signer.signTypedData(envelopeTypedData(domain, fields));
  return {
    from: fields.from.toString(),
    to: fields.to,
    taskId: fields.taskId,
    expiry: fields.expiry.toString(),
    nonce: fields.nonce.toString(),
    payloadHash: fields.payloadHash,
    signature,
    payload,
  };
}

/** A fresh 128-bit nonce. */
export function randomNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}
