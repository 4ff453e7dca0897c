import { describe, it } from "mocha";
import { expect } from "chai";
import { ClientFactory } from "@a2a-js/sdk/client";
import type { Address } from "viem";
import { A2ATransport, type A2AEndpoint } from "../../agents/transport/a2a/A2ATransport.js";
import { a2aMessage, dataOf, Role } from "../../agents/transport/a2a/a2aWire.js";
import { Envelopes } from "../../agents/transport/envelopes.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Agents on one A2A network whose directory is the URLs their endpoints serve. */
function a2aNetwork(opts: { retryForMs?: number } = {}) {
  const reg = testRegistry();
  const urls = new Map<string, string>();
  const net = new A2ATransport({ security: reg.security, directory: { urlOf: async (w: Address) => urls.get(w.toLowerCase()) }, initialDelayMs: 20, maxDelayMs: 80, ...opts });
  const join = async (identity = reg.register()) => {
    const e = (await net.connect(identity)) as A2AEndpoint;
    urls.set(e.self.address.toLowerCase(), e.url);
    return e;
  };
  return { reg, net, urls, join };
}

describe("A2A transport (@a2a-js/sdk server and client, JSON-RPC)", function () {
  this.timeout(20_000);

  it("carries a signed message from one agent's SDK client to another's SDK server, to that recipient only", async () => {
    const { net, join } = a2aNetwork();
    try {
      const [a, b, c] = [await join(), await join(), await join()];
      const got = new Map<string, Delivery[]>([["b", []], ["c", []]]);
      b.onMessage((d) => got.get("b")!.push(d));
      c.onMessage((d) => got.get("c")!.push(d));
      await a.send(b.self.address, sampleMessages[1]!);
      await until(() => got.get("b")!.length === 1);
      expect(got.get("b")![0]).to.deep.equal({ from: a.self, message: sampleMessages[1] });
      expect(got.get("c")).to.have.lengthOf(0);
      // The endpoint is a plain A2A agent: its card is served where the SDK looks for it.
      const card = (await (await fetch(`${b.url}/.well-known/agent-card.json`)).json()) as { supportedInterfaces: { protocolBinding: string; url: string }[] };
      expect(card.supportedInterfaces[0]).to.deep.include({ protocolBinding: "JSONRPC", url: `${b.url}/a2a` });
    } finally {
      await net.close();
    }
  });

  it("error: a bad signature gets a typed error back through the SDK, and nothing is delivered", async () => {
    const { reg, net, join } = a2aNetwork();
    try {
      const b = await join();
      const seen: Delivery[] = [];
      b.onMessage((d) => seen.push(d));
      // An impostor claims a registered agent id with its own key, through our endpoint...
      const victim = reg.register();
      const impostor = await join(reg.impostor(victim.agentId));
      const err = await impostor.send(b.self.address, sampleMessages[2]!).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("name", "EnvelopeError");
      expect(err).to.have.property("code", "ENVELOPE_BAD_SIGNATURE");
      // ...and through the bare SDK client, with a replayed envelope: the refusal is the answer's data part.
      const envelope = await new Envelopes(victim, reg.security).seal(b.self.address, sampleMessages[3]!);
      const client = await new ClientFactory().createFromUrl(b.url);
      const send = () => client.sendMessage({ tenant: "", message: a2aMessage(Role.ROLE_USER, envelope, { messageId: crypto.randomUUID(), contextId: "c" }), configuration: undefined, metadata: undefined });
      expect(dataOf((await send()) as never)).to.deep.equal({ accepted: true });
      expect((dataOf((await send()) as never) as { error: { code: string } }).error.code).to.equal("ENVELOPE_REPLAYED");
      await until(() => seen.length === 1);
      await new Promise((r) => setTimeout(r, 30));
      expect(seen.map((d) => d.message)).to.deep.equal([sampleMessages[3]]);
    } finally {
      await net.close();
    }
  });

  it("an agent that sends before its peer is up retries with backoff and is delivered once the peer starts", async () => {
    const { reg, net, join } = a2aNetwork({ retryForMs: 5_000 });
    try {
      const a = await join();
      const lateIdentity = reg.register();
      const sending = a.send(lateIdentity.signer.address, sampleMessages[0]!);
      await new Promise((r) => setTimeout(r, 200));
      const late = await join(lateIdentity);
      const got: Delivery[] = [];
      late.onMessage((d) => got.push(d));
      await sending;
      await until(() => got.length === 1);
      expect(got[0]!.from).to.deep.equal(a.self);
    } finally {
      await net.close();
    }
  });

  it("error: a peer that never comes is a typed TRANSPORT_UNREACHABLE after the retry time", async () => {
    const { reg, net, join } = a2aNetwork({ retryForMs: 150 });
    try {
      const a = await join();
      const err = await a.send(reg.register().signer.address, sampleMessages[0]!).then(() => undefined, (e: unknown) => e);
      expect(err).to.have.property("name", "TransportError");
      expect(err).to.have.property("code", "TRANSPORT_UNREACHABLE");
    } finally {
      await net.close();
    }
  });
});
