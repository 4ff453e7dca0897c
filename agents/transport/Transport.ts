import type { Address } from "viem";
import type { EnvelopeSigner, Sender } from "../protocol/envelope.js";
import type { Message } from "../protocol/messages.js";

export type { Sender } from "../protocol/envelope.js";

/** One message a verified sender addressed to this agent. */
export interface Delivery {
  from: Sender;
  message: Message;
}

/**
 * An agent's place on the network. Delivery is point to point: `send` names the recipient by
 * its wallet, signs the message in an envelope (protocol/envelope.ts) and resolves once the
 * recipient has checked the signature against the sender's registered wallet and accepted it.
 * It rejects with the receiver's typed refusal (`EnvelopeError`: bad signature, replay,
 * expired...) or a `TransportError` (recipient unknown or unreachable). Nothing is broadcast:
 * an agent receives only what is addressed to it.
 */
export interface Endpoint {
  /** This agent: its registry agent id and wallet. */
  readonly self: Sender;
  send(to: Address, message: Message): Promise<void>;
  /** Registers a handler for verified inbound messages; returns a function that removes it. */
  onMessage(handler: (delivery: Delivery) => void): () => void;
  /** Disconnects; later deliveries to this agent are refused. */
  close(): Promise<void>;
}

/** Who connects: the agent id the identity registry gave it and the wallet bound to that id. */
export interface AgentIdentity {
  agentId: string;
  signer: EnvelopeSigner;
}

/** Something that hands out endpoints on one network. */
export interface Transport {
  connect(identity: AgentIdentity): Promise<Endpoint>;
  close(): Promise<void>;
}
