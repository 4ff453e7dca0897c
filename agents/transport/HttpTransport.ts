import { SystemFaultError } from "../errors.js";
import type { Message } from "../protocol/messages.js";
import type { Endpoint, Transport } from "./Transport.js";

/** The board could not be reached or refused a message. */
export class TransportError extends SystemFaultError {
  override name = "TransportError" as const;
}

/**
 * Connects to an {@link HttpBoard} over HTTP: messages arrive as server-sent events, and
 * `send` POSTs. What arrives is handed on as `unknown` for the agent to schema-check.
 *
 * @example
 * const endpoint = await new HttpTransport("http://127.0.0.1:8600").connect("worker-1");
 */
export class HttpTransport implements Transport {
  private readonly endpoints = new Set<Endpoint>();

  constructor(private readonly baseUrl: string) {}

  async connect(name: string): Promise<Endpoint> {
    const endpoint = await HttpEndpoint.open(this.baseUrl, name);
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
  ) {}

  static async open(baseUrl: string, name: string): Promise<HttpEndpoint> {
    const e = new HttpEndpoint(baseUrl, name);
    const res = await fetch(`${baseUrl}/events?id=${encodeURIComponent(name)}`, { signal: e.abort.signal }).catch((err: unknown) => {
      throw new TransportError(`cannot reach board ${baseUrl}`, { code: "TRANSPORT_UNREACHABLE", cause: err });
    });
    if (!res.ok || !res.body) throw new TransportError(`board answered ${res.status}`, { code: "TRANSPORT_REFUSED", details: { status: res.status } });
    await new Promise<void>((ready, fail) => void e.read(res.body!, ready).catch(fail));
    return e;
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
    try {
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
    } catch (err) {
      if (!this.abort.signal.aborted) throw err;
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
