import { getAddress, type Address } from "viem";
import type { Message } from "../protocol/messages.js";
import { Envelopes, type NetworkSecurity } from "./envelopes.js";
import { DeliveryHandlers } from "./deliveryHandlers.js";
import { TransportError } from "./errors.js";
import type { AgentIdentity, Delivery, Endpoint, Sender, Transport } from "./Transport.js";
import { addressKey } from "../protocol/codecs.js";

/** A delivered message as the network's operator sees it (tests and fault injection only). */
export interface Observed extends Delivery {
  to: Address;
}

/**
 * Addressed delivery inside one process, for the embedded demo and the tests, with the same
 * semantics as the A2A network: each message goes to the one endpoint whose wallet it names,
 * sealed in a signed envelope that the receiver checks against the sender's registered wallet;
 * a refusal comes back to the sender as the rejection of `send`. Envelopes are serialised to
 * JSON and parsed back, so receivers see exactly what the wire would give them, and handlers
 * run asynchronously so a sender never re-enters its own.
 *
 * @example
 * const net = new InProcessTransport({ domain, resolver });
 * const manager = await net.connect({ agentId: "5", signer: managerAccount });
 * await manager.send(workerAddress, { type: "cancel", taskId, reason: "budget withdrawn" });
 */
export class InProcessTransport implements Transport {
  private readonly endpoints = new Map<string, InProcessEndpoint>();
  private readonly observers = new Set<(o: Observed) => void>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly security: NetworkSecurity) {}

  async connect(identity: AgentIdentity): Promise<Endpoint> {
    const endpoint = new InProcessEndpoint(identity, new Envelopes(identity, this.security), this);
    this.endpoints.set(addressKey(endpoint.self.address), endpoint);
    return endpoint;
  }

  async close(): Promise<void> {
    for (const e of [...this.endpoints.values()]) await e.close();
  }

  /** Resolves once every message sent so far has been handed to its receiver. */
  async drained(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Sees every delivered message with its recipient: a wiretap for tests and the demo's fault
   * injection (e.g. "stop the manager once the award is out"). No agent is ever given one.
   */
  observe(fn: (o: Observed) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /**
   * Hands raw bytes to the agent at `to`, as a raw POST to its endpoint would: what anyone on
   * the network can do without an endpoint of its own (attack tests). Rejects with the
   * receiver's typed refusal.
   */
  async post(to: Address, raw: unknown): Promise<void> {
    this.inFlight++;
    try {
      await this.deliverWire(to, JSON.stringify(raw));
    } finally {
      this.done();
    }
  }

  /** @internal */
  async route(from: InProcessEndpoint, to: Address, message: Message): Promise<void> {
    this.inFlight++;
    try {
      await this.deliverWire(to, JSON.stringify(await from.envelopes.seal(to, message)));
    } finally {
      this.done();
    }
  }

  private async deliverWire(to: Address, wire: string): Promise<void> {
    const receiver = this.endpoints.get(addressKey(to));
    if (!receiver) throw new TransportError(`no agent ${to} on this network`, { code: "TRANSPORT_UNKNOWN_RECIPIENT", details: { to } });
    const opened = await receiver.envelopes.open(JSON.parse(wire));
    if (!opened.ok) throw opened.error;
    const delivery: Delivery = { from: opened.from, message: opened.message };
    this.inFlight++;
    setImmediate(() => {
      try {
        receiver.deliver(delivery);
        for (const o of this.observers) o({ ...delivery, to: receiver.self.address });
      } finally {
        this.done();
      }
    });
  }

  /** @internal */
  remove(endpoint: InProcessEndpoint): void {
    const key = addressKey(endpoint.self.address);
    if (this.endpoints.get(key) === endpoint) this.endpoints.delete(key);
  }

  private done(): void {
    if (--this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}

class InProcessEndpoint implements Endpoint {
  readonly self: Sender;
  private readonly handlers: DeliveryHandlers;
  private closed = false;

  constructor(
    identity: AgentIdentity,
    readonly envelopes: Envelopes,
    private readonly net: InProcessTransport,
  ) {
    this.self = { agentId: identity.agentId, address: getAddress(identity.signer.address) };
    this.handlers = new DeliveryHandlers(identity.agentId);
  }

  async send(to: Address, message: Message): Promise<void> {
    if (this.closed) throw new TransportError("endpoint closed", { code: "TRANSPORT_CLOSED" });
    await this.net.route(this, to, message);
  }

  onMessage(handler: (d: Delivery) => void): () => void {
    return this.handlers.add(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.net.remove(this);
  }

  deliver(d: Delivery): void {
    if (!this.closed) this.handlers.dispatch(d);
  }
}
