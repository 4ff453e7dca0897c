import { expect } from "chai";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A scriptable local stand-in for the Anthropic Messages API (`POST /v1/messages`), for
 * driving the real SDK in tests: point the SDK's `baseURL` at {@link MessagesApiServer.url}.
 *
 * Each request takes the next scripted response from a queue (or the `fallback`), so a test
 * can say "429, then a valid answer" or "hang until the client times out". Requests are
 * checked the way the API checks them (headers, model, max_tokens, messages) and recorded.
 *
 * @example
 * const server = await MessagesApiServer.start();
 * server.enqueue({ kind: "error", status: 429, retryAfterMs: 10 }, { kind: "json", value: { score: 1, reasons: [] } });
 * const llm = new AnthropicLlmClient({ apiKey: "test", baseURL: server.url });
 * await llm.judge(task, output); // retried once, then parsed
 * await server.close();
 */

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

/** Token counts a scripted answer reports in `usage` (default 100 in, 50 out). */
export interface ScriptedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export type ScriptedResponse = { delayMs?: number; usage?: ScriptedUsage } & (
  /** A text block holding `JSON.stringify(value)`: a structured-output answer. */
  | { kind: "json"; value: unknown; stopReason?: StopReason }
  /** A text block with exactly this text (malformed JSON, truncated output, prose). */
  | { kind: "text"; text: string; stopReason?: StopReason }
  /** A tool_use block. */
  | { kind: "tool_use"; name: string; input: unknown }
  /** An API error body with this status (429 → rate_limit_error, 529 → overloaded_error, …). */
  | { kind: "error"; status: number; message?: string; retryAfterMs?: number }
  /** Accept the request and never answer (until the client gives up or the server closes). */
  | { kind: "hang" }
  /** Anything at all on the wire. */
  | { kind: "raw"; status: number; body: string; headers?: Record<string, string> }
  /** Drop the connection without a response. */
  | { kind: "reset" }
);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

export interface MessagesApiServerOptions {
  /** Used when the queue is empty; by default a non-retryable 500 saying nothing was scripted. */
  fallback?: ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export class MessagesApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly #queue: ScriptedResponse[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #fallback: MessagesApiServerOptions["fallback"];
  #counter = 0;

  private constructor(server: Server, options: MessagesApiServerOptions) {
    this.#server = server;
    this.#fallback = options.fallback;
  }

  /** Starts on an ephemeral loopback port. */
  static async start(options: MessagesApiServerOptions = {}): Promise<MessagesApiServer> {
    let self!: MessagesApiServer;
    const server = createServer((req, res) => void self.#handle(req, res));
    self = new MessagesApiServer(server, options);
    server.on("connection", (socket) => {
      self.#sockets.add(socket);
      socket.on("close", () => self.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return self;
  }

  /** Base URL for the SDK (`new Anthropic({ baseURL })`). */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Appends responses, served in order, one per request. */
  enqueue(...responses: ScriptedResponse[]): this {
    this.#queue.push(...responses);
    return this;
  }

  /** Scripted responses not yet served. */
  get pending(): number {
    return this.#queue.length;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // recorded as text; rejected below
    }
    const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
    this.requests.push(request);

    const invalid = validateRequest(request);
    if (invalid) return sendError(res, invalid.status, invalid.message);
    const scripted = this.#queue.shift() ?? this.#resolveFallback(request);
    if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (res.destroyed) return;
    this.#respond(res, scripted, request);
  }

  #resolveFallback(request: RecordedRequest): ScriptedResponse {
    if (typeof this.#fallback === "function") return this.#fallback(request);
    return this.#fallback ?? { kind: "raw", status: 500, body: errorBody("api_error", "no scripted response left"), headers: { "x-should-retry": "false" } };
  }

  #respond(res: ServerResponse, scripted: ScriptedResponse, request: RecordedRequest): void {
    const kind = scripted.kind;
    switch (kind) {
      case "json":
        return this.#sendMessage(res, request, [{ type: "text", text: JSON.stringify(scripted.value) }], scripted.stopReason ?? "end_turn", scripted.usage);
      case "text":
        return this.#sendMessage(res, request, [{ type: "text", text: scripted.text }], scripted.stopReason ?? "end_turn", scripted.usage);
      case "tool_use":
        return this.#sendMessage(res, request, [{ type: "tool_use", id: `toolu_${this.#nextId()}`, name: scripted.name, input: scripted.input }], "tool_use", scripted.usage);
      case "error": {
        const headers: Record<string, string> = {};
        if (scripted.retryAfterMs !== undefined) {
          headers["retry-after-ms"] = String(scripted.retryAfterMs);
          headers["retry-after"] = String(Math.ceil(scripted.retryAfterMs / 1000));
        }
        return sendError(res, scripted.status, scripted.message ?? `scripted ${scripted.status}`, headers);
      }
      case "hang":
        return; // the socket stays open until the client aborts or close() destroys it
      case "raw":
        res.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers });
        res.end(scripted.body);
        return;
      case "reset":
        res.socket?.destroy();
        return;
      default: {
        const never: never = kind;
        throw new Error(`unknown scripted response ${String(never)}`);
      }
    }
  }

  #sendMessage(res: ServerResponse, request: RecordedRequest, content: unknown[], stopReason: StopReason, usage?: ScriptedUsage): void {
    const model = (request.body as { model?: string }).model ?? "unknown";
    const id = this.#nextId();
    const message = {
      id: `msg_${id}`,
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: usage ?? { input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    res.writeHead(200, { "content-type": "application/json", "request-id": `req_${id}` });
    res.end(JSON.stringify(message));
  }

  #nextId(): string {
    this.#counter += 1;
    return `local${String(this.#counter).padStart(6, "0")}`;
  }
}

/** The checks the real API makes that our adapter could get wrong. */
function validateRequest(r: RecordedRequest): { status: number; message: string } | undefined {
  if (r.method !== "POST" || !r.path.startsWith("/v1/messages")) return { status: 404, message: `no route ${r.method} ${r.path}` };
  if (!r.headers["x-api-key"] && !r.headers.authorization) return { status: 401, message: "missing x-api-key" };
  if (!r.headers["anthropic-version"]) return { status: 400, message: "missing anthropic-version header" };
  const body = r.body as Record<string, unknown> | string;
  if (typeof body !== "object" || body === null) return { status: 400, message: "body is not JSON" };
  if (typeof body.model !== "string" || body.model === "") return { status: 400, message: "model: field required" };
  if (typeof body.max_tokens !== "number" || body.max_tokens < 1) return { status: 400, message: "max_tokens: field required" };
  if (!Array.isArray(body.messages) || body.messages.length === 0) return { status: 400, message: "messages: at least one message is required" };
  return undefined;
}

function errorBody(type: string, message: string): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(errorBody(ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message));
}

/** The error a call to the SDK client failed with; fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  expect.fail("expected the call to fail");
}
