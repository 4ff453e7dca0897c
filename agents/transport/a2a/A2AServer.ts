import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus, type RequestContext } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { VerifyEnvelopeResult } from "../../protocol/verifyEnvelope.js";
import { A2A_RPC_PATH, a2aMessage, dataOf, Role, transportCard } from "./a2aWire.js";

/** What the server does with one inbound envelope: open it and, if it holds, deliver it. */
export type EnvelopeIntake = (raw: unknown) => Promise<VerifyEnvelopeResult>;

/** The answer to every A2A message: accepted, or the receiver's typed refusal. */
export type Receipt = { accepted: true } | { accepted: false; error: { name: string; code: string; message: string; details?: Record<string, unknown> } };

/**
 * An agent's A2A endpoint, served with @a2a-js/sdk on Express: the JSON-RPC binding at
 * `/a2a` and the SDK's agent card at `/.well-known/agent-card.json`. Each `SendMessage`
 * carries one signed envelope in a data part; the executor opens it (signature against the
 * registered wallet, expiry, replay) and answers with a message whose data part is the
 * {@link Receipt}, so a refusal reaches the sender as a typed error, never a crash.
 */
export class A2AServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(opts: { name: string; intake: EnvelopeIntake; host?: string; port?: number }): Promise<A2AServer> {
    const host = opts.host ?? "127.0.0.1";
    const app = express();
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(opts.port ?? 0, host, () => resolve(s));
    });
    const url = `http://${host}:${(server.address() as AddressInfo).port}`;
    const executor: AgentExecutor = {
      async execute(ctx: RequestContext, bus: ExecutionEventBus) {
        let receipt: Receipt;
        try {
          const r = await opts.intake(dataOf(ctx.userMessage));
          receipt = r.ok ? { accepted: true } : { accepted: false, error: r.error.toJSON() };
        } catch (err) {
          receipt = { accepted: false, error: { name: "SystemFaultError", code: "RECEIVER_FAULT", message: String(err) } };
        }
        bus.publish(AgentEvent.message(a2aMessage(Role.ROLE_AGENT, receipt, { messageId: crypto.randomUUID(), contextId: ctx.contextId })));
        bus.finished();
      },
      async cancelTask() {},
    };
    const handler = new DefaultRequestHandler(transportCard(opts.name, url), new InMemoryTaskStore(), executor);
    app.use(`/.well-known/agent-card.json`, agentCardHandler({ agentCardProvider: handler }));
    app.use(A2A_RPC_PATH, express.json({ limit: "1mb" }), jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
    return new A2AServer(server, url);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
