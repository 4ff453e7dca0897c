import { AgentEvent, DefaultRequestHandler, InMemoryPushNotificationStore, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus, type RequestContext } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import express from "express";
import { createServer, type Server } from "node:http";
import type { AgentError } from "../../errors.js";
import type { VerifyEnvelopeResult } from "../../protocol/verifyEnvelope.js";
import { A2A_PUSH_PATH, A2A_RPC_PATH, a2aMessage, dataOf, PUSH_TOKEN_HEADER, Role, transportCard, type Receipt } from "./a2aWire.js";
import { AwardTasks, type AwardTasksOptions } from "./awardTasks.js";
import { boundPort } from "../../http/boundPort.js";
import { plainSendRoute, refuse, requestInvalid } from "./plainSend.js";

/** What the server does with one inbound envelope: open it and, if it holds, deliver it; or refuse it with a typed error. */
export type EnvelopeIntake = (raw: unknown) => Promise<VerifyEnvelopeResult | { ok: false; error: AgentError }>;
/** What the server does with a push notification (a result artifact): the HTTP status and receipt. */
export type PushIntake = (token: string | undefined, body: unknown) => Promise<{ status: number; receipt: Receipt }>;

export type { Receipt } from "./a2aWire.js";

/** The intake threw (a bug or an I/O fault, not the sender's): the receipt says RECEIVER_FAULT. */
type IntakeFault = { ok: false; fault: string };

function receiptOf(r: Awaited<ReturnType<EnvelopeIntake>> | IntakeFault): Receipt {
  if (r.ok) return { accepted: true };
  if ("fault" in r) return { accepted: false, error: { name: "SystemFaultError", code: "RECEIVER_FAULT", message: r.fault } };
  return { accepted: false, error: r.error.toJSON() };
}

/**
 * Tasks and push configs are kept per request: the SDK files them under the caller's user name,
 * which is the same ("") for every unauthenticated caller, so tasks/get by id would hand anyone
 * a task made for someone else. Scoped to the request that made it, a task is read by no one.
 */
const owners = new WeakMap<object, string>();
const requestScope = (context: object) => {
  let owner = owners.get(context);
  if (!owner) owners.set(context, (owner = crypto.randomUUID()));
  return owner;
};

/**
 * An agent's A2A endpoint, served with @a2a-js/sdk on Express: the JSON-RPC binding at
 * `/a2a`, the SDK's agent card at `/.well-known/agent-card.json`, and the push-notification
 * URL `/a2a/push`. Each `SendMessage` carries one signed envelope in a data part; the executor
 * opens it (signature against the registered wallet, expiry, replay) and answers with a message
 * whose data part is the {@link Receipt}, so a refusal reaches the sender as a typed error. A
 * verified award is answered with a working task instead, whose artifact will be the result
 * (agents/transport/a2a/awardTasks.ts).
 */
export class A2AServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly awards: AwardTasks,
  ) {}

  /** `host` is the address it binds, `advertise` the host name its URL and card give peers (default `host`). */
  static async start(opts: { name: string; intake: EnvelopeIntake; pushIntake: PushIntake; tasks: AwardTasksOptions; host?: string; port?: number; advertise?: string }): Promise<A2AServer> {
    const host = opts.host ?? "127.0.0.1";
    const intake = (raw: unknown) => opts.intake(raw).catch((err: unknown): IntakeFault => ({ ok: false, fault: String(err) }));
    const app = express();
    // The plain route answers a SendMessage that opens no task itself; the rest goes to the SDK on Express.
    const plain = plainSendRoute(async (raw) => receiptOf(await intake(raw)));
    const server = createServer((req, res) =>
      plain(req, res, () => app(req, res)).catch((err: unknown) => {
        if (!res.headersSent) refuse(res, 500, "RECEIVER_FAULT", String(err));
        else res.destroy();
      }),
    );
    await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
    // Peers keep their connection between messages of a task (bid, award, result are seconds apart), not Node's 5 s.
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
    const url = `http://${opts.advertise ?? host}:${boundPort(server)}`;
    const pushStore = new InMemoryPushNotificationStore(requestScope);
    const awards = new AwardTasks(pushStore, opts.tasks);
    const executor: AgentExecutor = {
      async execute(ctx: RequestContext, bus: ExecutionEventBus) {
        const r = await intake(dataOf(ctx.userMessage));
        if (r.ok && r.message.type === "award") return awards.run({ taskId: ctx.taskId, contextId: ctx.contextId }, r.message.taskId, r.from.address, bus);
        const receipt = receiptOf(r);
        bus.publish(AgentEvent.message(a2aMessage(Role.ROLE_AGENT, receipt, { messageId: crypto.randomUUID(), contextId: ctx.contextId })));
        bus.finished();
      },
      async cancelTask() {},
    };
    const handler = new DefaultRequestHandler(transportCard(opts.name, url), new InMemoryTaskStore(requestScope), executor, undefined, pushStore, awards.pushSender);
    app.use(`/.well-known/agent-card.json`, agentCardHandler({ agentCardProvider: handler }));
    app.post(A2A_PUSH_PATH, express.json({ limit: "1mb", type: ["application/json", "application/a2a+json"] }), async (req, res) => {
      const { status, receipt } = await opts.pushIntake(req.get(PUSH_TOKEN_HEADER), req.body);
      res.status(status).json(receipt);
    });
    app.use(A2A_RPC_PATH, express.json({ limit: "1mb" }), jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
    app.use((_req: express.Request, res: express.Response) => {
      refuse(res, 404, "NOT_FOUND", "no such A2A route");
    });
    // A body that is not JSON or too large is a typed refusal, never Express's HTML page.
    app.use((err: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      requestInvalid(res, err.status && err.status < 500 ? err.status : 400, err.type ?? err.message ?? "bad request");
    });
    return new A2AServer(server, url, awards);
  }

  async close(): Promise<void> {
    this.awards.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
