import { getAddress, type Address } from "viem";
import { EnvelopeError, type EnvelopeErrorCode } from "../protocol/envelope.js";
import type { Message } from "../protocol/messages.js";
import { Envelopes, type NetworkSecurity } from "./envelopes.js";
import { TransportError } from "./errors.js";
import type { AgentIdentity, Delivery, Endpoint, Sender, Transport } from "./Transport.js";

export { TransportError } from "./errors.js";

export interface ReconnectOptions {
  /** First wait after a failed or lost connection (200 ms); doubles up to `maxDelayMs` (5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long `connect` keeps trying before TRANSPORT_UNREACHABLE (default: until closed). */
  connectTimeoutMs?: number;
  /** Told about each failed attempt or lost connection and the wait before the next one. */
  onRetry?: (info: { name: string; reason: string; delayMs: number }) => void;
}

/**
 * Connects to an {@link HttpBoard} over HTTP: envelopes addressed to this agent's wallet arrive
 * as server-sent events and are opened (signature, expiry, replay) before any handler sees
 * them; `send` seals and POSTs, and a refusal comes back as the typed error. An endpoint waits
 * for a board that is not up yet and reconnects with exponential backoff when the board goes
 * away (a manager restart), keeping its handlers, so agents can start in any order.
 *
 * @example
 * const endpoint = await new HttpTransport("http://127.0.0.1:8600", security).connect(identity);
 */
export class HttpTransport implements Transport {
  private readonly endpoints = new Set<Endpoint>();

  constructor(
    private readonly baseUrl: string,
    private readonly security: NetworkSecurity,
    private readonly options: ReconnectOptions = {},
  ) {}

  async connect(identity: AgentIdentity): Promise<Endpoint> {
    const endpoint = await HttpEndpoint.open(this.baseUrl, new Envelopes(identity, this.security), this.options);
    this.endpoints.add(endpoint);
    return endpoint;
  }

  async close(): Promise<void> {
    for (const e of this.endpoints) await e.close();
    this.endpoints.clear();
  }
}

class HttpEndpoint implements Endpoint {
  readonly self: Sender;
  private readonly name: string;
  private readonly handlers = new Set<(d: Delivery) => void>();
  private readonly abort = new AbortController();
  /** Messages that arrived before any handler was attached (e.g. queued announcements). */
  private early: Delivery[] | undefined = [];

  private constructor(
    private readonly baseUrl: string,
    private readonly envelopes: Envelopes,
    private readonly options: ReconnectOptions,
  ) {
    this.self = { agentId: envelopes.identity.agentId, address: getAddress(envelopes.identity.signer.address) };
    this.name = this.self.address;
  }

  static async open(baseUrl: string, envelopes: Envelopes, options: ReconnectOptions): Promise<HttpEndpoint> {
    const e = new HttpEndpoint(baseUrl, envelopes, options);
    await new Promise<void>((connected, failed) => void e.run(connected, failed));
    return e;
  }

  /** Connects, reads until the stream ends, and starts over with backoff until closed. */
  private async run(connected: () => void, failed: (err: TransportError) => void): Promise<void> {
    const started = Date.now();
    const max = this.options.maxDelayMs ?? 5_000;
    let first = true;
    let delay = this.options.initialDelayMs ?? 200;
    while (!this.abort.signal.aborted) {
      let reason: string;
      try {
        const query = new URLSearchParams({ ...(await this.envelopes.subscription()) });
        const res = await fetch(`${this.baseUrl}/events?${query}`, { signal: this.abort.signal });
        if (!res.ok || !res.body) {
          await res.body?.cancel();
          const permanent = res.status >= 400 && res.status < 500 && res.status !== 404 && res.status !== 429;
          const err = new TransportError(`board answered ${res.status}`, { code: "TRANSPORT_REFUSED", details: { status: res.status } });
          if (permanent && first) return failed(err);
          reason = err.message;
        } else {
          await this.read(res.body, () => {
            delay = this.options.initialDelayMs ?? 200;
            if (first) connected();
            first = false;
          });
          reason = "the board closed the stream";
        }
      } catch (err) {
        if (this.abort.signal.aborted) break;
        reason = err instanceof Error ? err.message : String(err);
      }
      if (this.abort.signal.aborted) break;
      if (first && this.options.connectTimeoutMs !== undefined && Date.now() - started + delay > this.options.connectTimeoutMs) {
        return failed(new TransportError(`cannot reach board ${this.baseUrl}`, { code: "TRANSPORT_UNREACHABLE", details: { reason } }));
      }
      this.options.onRetry?.({ name: this.name, reason, delayMs: delay });
      await this.sleep(delay);
      delay = Math.min(delay * 2, max);
    }
    if (first) failed(new TransportError("endpoint closed before it connected", { code: "TRANSPORT_CLOSED" }));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }

  async send(to: Address, message: Message): Promise<void> {
    const res = await fetch(`${this.baseUrl}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(await this.envelopes.seal(to, message)),
    }).catch((err: unknown) => {
      throw new TransportError(`cannot reach board ${this.baseUrl}`, { code: "TRANSPORT_UNREACHABLE", cause: err });
    });
    if (!res.ok) {
      const body = await res.text();
      const err = (JSON.parse(body || "{}") as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }).error;
      if (err?.code && /^(ENVELOPE_|MESSAGE_INVALID)/.test(err.code)) throw new EnvelopeError(err.code as EnvelopeErrorCode, err.message ?? "refused", err.details);
      throw new TransportError(`board refused the message (${res.status})`, { code: "TRANSPORT_REFUSED", details: { status: res.status, body } });
    }
  }

  onMessage(handler: (d: Delivery) => void): () => void {
    this.handlers.add(handler);
    const early = this.early;
    this.early = undefined;
    if (early) queueMicrotask(() => early.forEach((d) => this.emit(d)));
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.abort.abort();
  }

  /** Parses the SSE stream: events separated by a blank line, `event:` and `data:` fields. */
  private async read(body: ReadableStream<Uint8Array>, ready: () => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (event === "ready") ready();
        else if (event === "message") this.dispatch(data.join("\n"));
      }
    }
  }

  /** Opens an envelope from the stream; what fails its checks is logged and dropped. */
  private dispatch(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = text;
    }
    void this.envelopes.open(raw).then((r) => {
      if (!r.ok) return console.warn(`[${this.name}] envelope refused: ${r.error.code} ${r.error.shortMessage}`);
      const d: Delivery = { from: r.from, message: r.message };
      if (this.early) this.early.push(d);
      else this.emit(d);
    });
  }

  private emit(d: Delivery): void {
    for (const h of this.handlers) {
      try {
        h(d);
      } catch (err) {
        console.error(`[${this.name}] message handler threw`, err);
      }
    }
  }
}
