import { SystemFaultError } from "../errors.js";
import type { Message } from "../protocol/messages.js";
import type { Endpoint, Transport } from "./Transport.js";

/** The board could not be reached or refused a message. */
export class TransportError extends SystemFaultError {
  override name = "TransportError" as const;
}

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
 * Connects to an {@link HttpBoard} over HTTP: messages arrive as server-sent events, and
 * `send` POSTs. What arrives is handed on as `unknown` for the agent to schema-check.
 * An endpoint waits for a board that is not up yet and reconnects with exponential backoff
 * when the board goes away (a manager restart), keeping its handlers, so agents can start in
 * any order.
 *
 * @example
 * const endpoint = await new HttpTransport("http://127.0.0.1:8600").connect("worker-1");
 */
export class HttpTransport implements Transport {
  private readonly endpoints = new Set<Endpoint>();

  constructor(
    private readonly baseUrl: string,
    private readonly options: ReconnectOptions = {},
  ) {}

  async connect(name: string): Promise<Endpoint> {
    const endpoint = await HttpEndpoint.open(this.baseUrl, name, this.options);
    this.endpoints.add(endpoint);
    return endpoint;
  }

  async close(): Promise<void> {
    for (const e of this.endpoints) await e.close();
    this.endpoints.clear();
  }
}

class HttpEndpoint implements Endpoint {
  private readonly handlers = new Set<(raw: unknown) => void>();
  private readonly abort = new AbortController();
  /** Messages that arrived before any handler was attached (e.g. replayed announcements). */
  private early: unknown[] | undefined = [];

  private constructor(
    private readonly baseUrl: string,
    private readonly name: string,
    private readonly options: ReconnectOptions,
  ) {}

  static async open(baseUrl: string, name: string, options: ReconnectOptions): Promise<HttpEndpoint> {
    const e = new HttpEndpoint(baseUrl, name, options);
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
        const res = await fetch(`${this.baseUrl}/events?id=${encodeURIComponent(this.name)}`, { signal: this.abort.signal });
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

  async send(message: Message): Promise<void> {
    const res = await fetch(`${this.baseUrl}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-endpoint-id": this.name },
      body: JSON.stringify(message),
    }).catch((err: unknown) => {
      throw new TransportError(`cannot reach board ${this.baseUrl}`, { code: "TRANSPORT_UNREACHABLE", cause: err });
    });
    if (!res.ok) {
      const body = await res.text();
      throw new TransportError(`board refused the message (${res.status})`, { code: "TRANSPORT_REFUSED", details: { status: res.status, body } });
    }
  }

  onMessage(handler: (raw: unknown) => void): () => void {
    this.handlers.add(handler);
    const early = this.early;
    this.early = undefined;
    if (early) queueMicrotask(() => early.forEach((raw) => this.emit(raw)));
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

  private dispatch(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = text; // still handed on: the agent's schema check rejects it with a typed error
    }
    if (this.early) this.early.push(raw);
    else this.emit(raw);
  }

  private emit(raw: unknown): void {
    for (const h of this.handlers) {
      try {
        h(raw);
      } catch (err) {
        console.error(`[${this.name}] message handler threw`, err);
      }
    }
  }
}
