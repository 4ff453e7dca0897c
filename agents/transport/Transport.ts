import type { Message } from "../protocol/messages.js";

/**
 * How contract-net messages travel. Every transport is a broadcast board: whatever one endpoint
 * sends, every other connected endpoint receives. Receivers get `unknown` on purpose: a message
 * from the wire is untrusted until it passes {@link parseMessage}.
 */
export interface Endpoint {
  /** Publishes a message to every other endpoint on the board. */
  send(message: Message): Promise<void>;
  /** Registers a handler for raw inbound messages; returns a function that removes it. */
  onMessage(handler: (raw: unknown) => void): () => void;
  /** Disconnects; pending deliveries to this endpoint are dropped. */
  close(): Promise<void>;
}

/** Something that hands out endpoints on one board. */
export interface Transport {
  connect(name: string): Promise<Endpoint>;
  close(): Promise<void>;
}
