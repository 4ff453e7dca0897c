import type { Delivery } from "./Transport.js";

/**
 * An endpoint's message handlers, shared by every transport: `onMessage` adds one, `close`
 * clears them, and a delivery calls each in turn. A throwing handler is the receiver's bug: it
 * is logged and never reaches the sender or the other handlers.
 *
 * @example
 * const handlers = new DeliveryHandlers(self.agentId);
 * const off = handlers.add((d) => console.log(d.message.type));
 * handlers.dispatch(delivery);
 */
export class DeliveryHandlers {
  private readonly handlers = new Set<(d: Delivery) => void>();

  constructor(private readonly agentId: string) {}

  /** Adds `handler`; the function returned removes it. */
  add(handler: (d: Delivery) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  clear(): void {
    this.handlers.clear();
  }

  dispatch(d: Delivery): void {
    for (const h of this.handlers) {
      try {
        h(d);
      } catch (err) {
        console.error(`[${this.agentId}] message handler threw`, err);
      }
    }
  }
}
