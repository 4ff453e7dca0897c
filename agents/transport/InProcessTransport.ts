import type { Message } from "../protocol/messages.js";
import type { Endpoint, Transport } from "./Transport.js";

/**
 * A broadcast board inside one process, for the embedded demo and the tests. Each message is
 * serialised to JSON and parsed back on delivery, so receivers see exactly what the HTTP
 * transport would give them (no shared objects, no bigints), and delivery is asynchronous so a
 * sender never re-enters its own handlers.
 *
 * @example
 * const board = new InProcessTransport();
 * const a = await board.connect("manager");
 * const b = await board.connect("worker-1");
 * b.onMessage((raw) => console.log(raw));
 * await a.send({ type: "cancel", taskId, reason: "budget withdrawn" });
 */
export class InProcessTransport implements Transport {
  private readonly endpoints = new Set<InProcessEndpoint>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  async connect(name: string): Promise<Endpoint> {
    const endpoint = new InProcessEndpoint(name, this);
    this.endpoints.add(endpoint);
    return endpoint;
  }

  async close(): Promise<void> {
    for (const e of [...this.endpoints]) await e.close();
  }

  /** Resolves once every message sent so far has been handed to its receivers. */
  async drained(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** @internal */
  broadcast(from: InProcessEndpoint, message: Message): void {
    const wire = JSON.stringify(message);
    for (const to of this.endpoints) {
      if (to === from) continue;
      this.inFlight++;
      setImmediate(() => {
        try {
          to.deliver(JSON.parse(wire));
        } finally {
          if (--this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
        }
      });
    }
  }

  /** @internal */
  remove(endpoint: InProcessEndpoint): void {
    this.endpoints.delete(endpoint);
  }
}

class InProcessEndpoint implements Endpoint {
  private readonly handlers = new Set<(raw: unknown) => void>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly board: InProcessTransport,
  ) {}

  async send(message: Message): Promise<void> {
    if (!this.closed) this.board.broadcast(this, message);
  }

  onMessage(handler: (raw: unknown) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.board.remove(this);
  }

  deliver(raw: unknown): void {
    if (this.closed) return;
    // A throwing handler is the receiver's bug; it must not stop delivery to the others.
    for (const h of this.handlers) {
      try {
        h(raw);
      } catch (err) {
        console.error(`[${this.name}] message handler threw`, err);
      }
    }
  }
}
