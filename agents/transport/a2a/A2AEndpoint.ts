import type { SendMessageConfiguration } from "@a2a-js/sdk";
import { getAddress, type Address } from "viem";
import { EnvelopeError, type EnvelopeErrorCode } from "../../protocol/envelope.js";
import type { Message } from "../../protocol/messages.js";
import type { Envelopes } from "../envelopes.js";
import { DeliveryHandlers } from "../deliveryHandlers.js";
import { A2ARouteError, TransportError } from "../errors.js";
import type { Delivery, Endpoint, Sender } from "../Transport.js";
import { A2AServer, type PushIntake } from "./A2AServer.js";
import { A2A_PUSH_PATH, a2aMessage, ENVELOPE_MEDIA_TYPE, receiptOf, ResultPush, Role, type Receipt } from "./a2aWire.js";
import { PeerClients, type PeerDirectory, type RetryOptions } from "./peerClients.js";
import { memoryPushTokens, type PushTokenStore } from "./pushTokens.js";

export type EndpointOptions = RetryOptions & { directory: PeerDirectory; inflight: { n: number }; host?: string; port?: number; advertise?: string; pushTokens?: PushTokenStore };

const refusal = (code: string, message: string): Receipt => ({ accepted: false, error: { name: "TransportError", code, message } });

/** One agent on the A2A network: its own server, its SDK clients to peers, its awards' push tokens. */
export class A2AEndpoint implements Endpoint {
  readonly self: Sender;
  private readonly handlers: DeliveryHandlers;
  private readonly peers: PeerClients;
  /** Push tokens of the awards this agent sent: token -> the awarded worker and the escrow task. */
  private readonly pushTokens: PushTokenStore;
  private server!: A2AServer;
  private closed = false;

  private constructor(
    private readonly envelopes: Envelopes,
    private readonly options: EndpointOptions,
  ) {
    this.self = { agentId: envelopes.identity.agentId, address: getAddress(envelopes.identity.signer.address) };
    this.handlers = new DeliveryHandlers(this.self.agentId);
    this.peers = new PeerClients(options.directory, options, () => this.closed);
    this.pushTokens = options.pushTokens ?? memoryPushTokens();
  }

  static async open(envelopes: Envelopes, options: EndpointOptions): Promise<A2AEndpoint> {
    const e = new A2AEndpoint(envelopes, options);
    e.server = await A2AServer.start({
      name: `agent-${e.self.agentId}`,
      host: options.host,
      port: options.port,
      advertise: options.advertise,
      intake: async (raw) => {
        // Before any check, so the refusal costs nothing and spends no nonce: the same envelope stays good as the award task's artifact.
        if ((raw as { payload?: { type?: unknown } } | undefined)?.payload?.type === "result")
          return { ok: false, error: new A2ARouteError("a result is taken only as the artifact of the award's A2A task, pushed to /a2a/push", { code: "RESULT_NOT_AN_ARTIFACT" }) };
        const r = await e.envelopes.open(raw);
        if (r.ok) e.deliver({ from: r.from, message: r.message });
        return r;
      },
      pushIntake: (token, body) => e.pushIntake(token, body),
      tasks: { ...options, urlOf: (w) => options.directory.urlOf(w), forget: (w) => options.directory.forget?.(w) },
    });
    return e;
  }

  /** The base URL this agent serves A2A at (what its registration's card advertises). */
  get url(): string {
    return this.server.url;
  }

  async send(to: Address, message: Message): Promise<void> {
    if (this.closed) throw new TransportError("endpoint closed", { code: "TRANSPORT_CLOSED" });
    const envelope = await this.envelopes.seal(to, message);
    this.options.inflight.n++;
    try {
      const receipt = message.type === "result" ? await this.server.awards.deliver(message.taskId, to, envelope) : receiptOf(await this.sendMessage(to, message, envelope));
      if (receipt?.accepted === true) return;
      const err = receipt?.accepted === false ? receipt.error : undefined;
      if (err && /^(ENVELOPE_|MESSAGE_INVALID)/.test(err.code)) throw new EnvelopeError(err.code as EnvelopeErrorCode, err.message, err.details);
      throw new TransportError("the recipient did not accept the message", { code: "TRANSPORT_REFUSED", details: { to, receipt } });
    } finally {
      this.options.inflight.n--;
    }
  }

  /** One `SendMessage`; an award also names this agent's push URL and a fresh token for its result. */
  private sendMessage(to: Address, message: Message, envelope: { taskId: string }) {
    let configuration: SendMessageConfiguration | undefined;
    if (message.type === "award") {
      const token = crypto.randomUUID();
      this.pushTokens.save(token, { worker: getAddress(to), taskId: message.taskId });
      const push = { tenant: "", id: "", taskId: "", url: `${this.url}${A2A_PUSH_PATH}`, token, authentication: undefined };
      configuration = { acceptedOutputModes: [ENVELOPE_MEDIA_TYPE], taskPushNotificationConfig: push, returnImmediately: true };
    }
    const a2a = a2aMessage(Role.ROLE_USER, envelope, { messageId: crypto.randomUUID(), contextId: envelope.taskId });
    return this.peers.call(to, (client) => client.sendMessage({ tenant: "", message: a2a, configuration, metadata: undefined }));
  }

  /** A result artifact pushed to this client: the award's token, then the envelope's checks, then that it is the award's result. */
  private readonly pushIntake: PushIntake = async (token, body) => {
    const award = token === undefined ? undefined : this.pushTokens.load(token);
    if (!award) return { status: 401, receipt: refusal("PUSH_TOKEN_UNKNOWN", "no award of this agent issued this push token") };
    const push = ResultPush.safeParse(body);
    if (!push.success) return { status: 400, receipt: refusal("PUSH_INVALID", "not an A2A artifact update with a data part") };
    const r = await this.envelopes.open(push.data.artifactUpdate.artifact.parts.find((p) => p.data !== undefined)?.data);
    if (!r.ok) return { status: 200, receipt: { accepted: false, error: r.error.toJSON() } };
    if (r.message.type !== "result" || r.from.address !== award.worker || r.message.taskId !== award.taskId) // both decoded by Hash32
      return { status: 200, receipt: refusal("PUSH_NOT_THE_AWARD", "the artifact is not the awarded worker's result for this task") };
    this.pushTokens.spend(token!);
    this.deliver({ from: r.from, message: r.message });
    return { status: 200, receipt: { accepted: true } };
  };

  onMessage(handler: (d: Delivery) => void): () => void {
    return this.handlers.add(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.peers.close();
    await this.server.close();
  }

  private deliver(d: Delivery): void {
    if (this.closed) return;
    this.options.inflight.n++;
    setImmediate(() => {
      this.options.inflight.n--;
      this.handlers.dispatch(d);
    });
  }
}
