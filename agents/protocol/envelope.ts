import { keccak256, pad, stringToHex, type Address, type Hex, type TypedDataDomain } from "viem";
import { z } from "zod";
import { UserInputError } from "../errors.js";
import { canonicalJson } from "./hashes.js";
import { typedDigest } from "./typedDigest.js";
import type { Message } from "./messages.js";
import { Amount } from "./task.js";
import { ChecksumAddress, Hash32, Signature65 } from "./codecs.js";

/**
 * The signed envelope every contract-net message travels in, point to point. Its sender signs
 * EIP-712 typed data whose domain names the chain, the escrow (`verifyingContract`) and the
 * identity registry (`salt`), and whose message binds the sender's ERC-8004 agent id, the
 * recipient's wallet, the task, an expiry, a nonce and the hash of the payload. The receiver
 * checks the signer against the wallet the registry has bound to that agent id (verifyEnvelope.ts).
 */

export const ENVELOPE_DOMAIN_NAME = "AgentMarketMessage";
export const ENVELOPE_DOMAIN_VERSION = "1";
/** A receiver refuses envelopes that claim to live longer than this (bounds its replay memory). */
export const MAX_ENVELOPE_TTL_SECONDS = 600;

export const envelopeTypes = {
  Envelope: [
    { name: "from", type: "uint256" },
    { name: "to", type: "address" },
    { name: "taskId", type: "bytes32" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "payloadHash", type: "bytes32" },
  ],
} as const;

/** The market an envelope belongs to: one chain, one escrow, one identity registry. */
export interface EnvelopeDomain {
  chainId: number;
  escrow: Address;
  registry: Address;
}

export function envelopeDomain(d: EnvelopeDomain): TypedDataDomain {
  return { name: ENVELOPE_DOMAIN_NAME, version: ENVELOPE_DOMAIN_VERSION, chainId: d.chainId, verifyingContract: d.escrow, salt: pad(d.registry, { size: 32 }) };
}


/**
 * An envelope on the wire. `payload` is checked against the message schema only after the
 * signature holds; `from` is the sender's agent id in the identity registry (decimal).
 */
export const SignedEnvelope = z.strictObject({
  from: Amount,
  to: ChecksumAddress,
  taskId: Hash32,
  /** Unix seconds after which the receiver refuses it. */
  expiry: z.string().regex(/^[0-9]{1,20}$/, "expected a uint64 decimal string"),
  nonce: Amount,
  payloadHash: Hash32,
  signature: Signature65,
  payload: z.unknown(),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelope>;

/** The fields the sender signs, in EIP-712 form. */
export interface EnvelopeFields {
  from: bigint;
  to: Address;
  taskId: Hex;
  expiry: bigint;
  nonce: bigint;
  payloadHash: Hex;
}

export function envelopeTypedData(domain: EnvelopeDomain, fields: EnvelopeFields) {
  return { domain: envelopeDomain(domain), types: envelopeTypes, primaryType: "Envelope" as const, message: fields };
}

const envelopeHash = typedDigest(envelopeTypes.Envelope, "Envelope");

/** The EIP-712 digest of an envelope: viem's `hashTypedData(envelopeTypedData(...))`, the domain separator cached. */
export function envelopeDigest(domain: EnvelopeDomain, fields: EnvelopeFields): Uint8Array {
  return envelopeHash(envelopeDomain(domain), fields);
}

/** keccak256 of the payload's canonical JSON: key order and whitespace never change it. */
export function payloadHash(payload: unknown): Hex {
  return keccak256(stringToHex(canonicalJson(payload)));
}

/** The contract-net task a message is about (an announcement carries it in its spec). */
export function messageTaskId(m: Message): Hex {
  return m.type === "announce" ? m.spec.taskId : m.taskId;
}

/** Who sent a verified envelope: its agent id and the registered wallet that signed it. */
export interface Sender {
  agentId: string;
  address: Address;
}

/** The registry's answer for an agent id: the wallet bound to it (undefined: unknown id or no wallet). */
export interface WalletResolver {
  walletOf(agentId: bigint): Promise<Address | undefined>;
}

/**
 * Signs EIP-712 typed data as `address` (a viem account, the agents' TypedDataSigner). A local key
 * may also sign a ready digest (`signDigest`, viem's `account.sign({ hash })`): the envelope's
 * digest is then computed once, with the domain separator cached, instead of by viem per message.
 */
export interface EnvelopeSigner {
  readonly address: Address;
  signTypedData(args: { domain: object; types: object; primaryType: string; message: object }): Promise<Hex>;
  signDigest?(digest: Hex): Promise<Hex>;
}

export type EnvelopeErrorCode =
  | "ENVELOPE_INVALID"
  | "ENVELOPE_WRONG_RECIPIENT"
  | "ENVELOPE_EXPIRED"
  | "ENVELOPE_EXPIRY_TOO_FAR"
  | "ENVELOPE_PAYLOAD_MISMATCH"
  | "ENVELOPE_TASK_MISMATCH"
  | "ENVELOPE_UNREGISTERED_SENDER"
  | "ENVELOPE_BAD_SIGNATURE"
  | "ENVELOPE_REPLAYED"
  | "MESSAGE_INVALID";

/**
 * A receiver refused an envelope; the code says why. It travels back to the sender (as the A2A
 * JSON-RPC error's data, or as the rejection of an in-process send), never crashes the receiver.
 */
export class EnvelopeError extends UserInputError {
  override name = "EnvelopeError" as const;
  declare readonly code: EnvelopeErrorCode;
  constructor(code: EnvelopeErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { code, details });
  }
}
