import { A2A_PROTOCOL_VERSION, A2A_VERSION_HEADER, Role, SendMessageResponse } from "@a2a-js/sdk";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { A2A_RPC_PATH, a2aMessage, ENVELOPE_MEDIA_TYPE, type Receipt } from "./a2aWire.js";

/** The largest JSON-RPC body an endpoint reads (as its Express parser's limit). */
export const MAX_A2A_BODY_BYTES = 1024 * 1024;

/**
 * A `SendMessage` that opens no task, as the A2A 1.0 JSON-RPC binding writes it: no task id, no
 * reference tasks, an empty configuration (so no push config), parts of the envelope media type. Only
 * what the plain path reads is checked; anything else goes to the SDK's handler.
 */
const PlainSendRequest = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number()]),
  method: z.literal("SendMessage"),
  params: z.object({
    tenant: z.literal("").optional(),
    configuration: z.strictObject({}).optional(),
    metadata: z.undefined().optional(),
    message: z.object({
      messageId: z.string().min(1),
      contextId: z.string().optional(),
      taskId: z.literal("").optional(),
      role: z.literal("ROLE_USER"),
      referenceTaskIds: z.array(z.string()).max(0).optional(),
      parts: z.array(z.object({ data: z.unknown(), mediaType: z.literal(ENVELOPE_MEDIA_TYPE).optional() }).loose()).min(1),
    }).loose(),
  }).loose(),
});

/** What the plain path does with the envelope: the same intake as the SDK executor's, giving the receipt. */
export type PlainIntake = (envelope: unknown) => Promise<Receipt>;

/** A typed refusal as the endpoint's HTTP answer (not a JSON-RPC result). */
export function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { accepted: false, error: { name: "TransportError", code, message } });
}

/** A body Express would refuse (not JSON, too large): the same typed refusal its error handler writes. */
export function requestInvalid(res: ServerResponse, status: number, type: string): void {
  refuse(res, status, "REQUEST_INVALID", type);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const isJson = (req: IncomingMessage) => /^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(req.headers["content-type"] ?? "");
const encoded = (req: IncomingMessage) => (req.headers["content-encoding"] ?? "identity").toLowerCase() !== "identity";

function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_A2A_BODY_BYTES) return resolve("too-large");
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_A2A_BODY_BYTES) chunks.push(c);
    });
    req.once("end", () => resolve(size > MAX_A2A_BODY_BYTES ? "too-large" : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

/**
 * The JSON-RPC route of an agent's A2A endpoint, in front of the SDK's: a `SendMessage` that
 * opens no task (every contract-net message but an award) is answered here with the receipt as
 * an A2A message, exactly what the SDK's handler answers (its own codec writes it), without its
 * task store, event bus, Express router or per-message copies. Everything else (an award, which
 * opens a task, GetTask, any other method or shape) is handed to `next`, the SDK's Express app,
 * with the body already parsed (`req.body`). The envelope inside is checked by `intake` as on the
 * SDK path: zod at this edge, then the signature, expiry and replay checks.
 *
 * @example
 * http.createServer((req, res) => void plainSendRoute(intake)(req, res, () => app(req, res)));
 */
export function plainSendRoute(intake: PlainIntake): (req: IncomingMessage, res: ServerResponse, next: () => void) => Promise<void> {
  return async (req, res, next) => {
    if (req.method !== "POST" || req.url !== A2A_RPC_PATH || !isJson(req) || encoded(req)) return next();
    let raw: unknown;
    try {
      const body = await readBody(req);
      if (body === "too-large") return requestInvalid(res, 413, "entity.too.large");
      raw = JSON.parse(body.toString("utf8"));
    } catch {
      return requestInvalid(res, 400, "entity.parse.failed");
    }
    (req as IncomingMessage & { body?: unknown }).body = raw;
    const rpc = PlainSendRequest.safeParse(raw);
    const message = rpc.success ? rpc.data.params.message : undefined;
    const envelope = message?.parts.find((p) => p.data !== undefined)?.data;
    if (!rpc.success || req.headers[A2A_VERSION_HEADER.toLowerCase()] !== A2A_PROTOCOL_VERSION || (envelope as { payload?: { type?: unknown } } | undefined)?.payload?.type === "award") return next();
    let receipt: Receipt;
    try {
      receipt = await intake(envelope);
    } catch (err) {
      receipt = { accepted: false, error: { name: "SystemFaultError", code: "RECEIVER_FAULT", message: String(err) } };
    }
    const answer = a2aMessage(Role.ROLE_AGENT, receipt, { messageId: crypto.randomUUID(), contextId: message!.contextId || crypto.randomUUID() });
    json(res, 200, { jsonrpc: "2.0", id: rpc.data.id, result: SendMessageResponse.toJSON({ payload: { $case: "message", value: answer } }) });
  };
}
