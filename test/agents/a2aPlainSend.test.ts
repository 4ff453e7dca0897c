import { describe, it } from "mocha";
import { expect } from "chai";
import { A2A_PROTOCOL_VERSION, A2A_VERSION_HEADER } from "@a2a-js/sdk";
import { ClientFactory } from "@a2a-js/sdk/client";
import { A2ATransport, type A2AEndpoint } from "../../agents/transport/a2a/A2ATransport.js";
import { a2aMessage, dataOf, Role } from "../../agents/transport/a2a/a2aWire.js";
import { Envelopes } from "../../agents/transport/envelopes.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

/** One endpoint served on a free port, and a registered sender's envelopes to it. */
async function endpoint() {
  const reg = testRegistry();
  const net = new A2ATransport({ security: reg.security, directory: { urlOf: async () => undefined } });
  const e = (await net.connect(reg.register())) as A2AEndpoint;
  const sender = new Envelopes(reg.register(), reg.security);
  const seen: Delivery[] = [];
  e.onMessage((d) => seen.push(d));
  return { net, e, sender, seen };
}

const rpc = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/a2a`, { method: "POST", headers: { "Content-Type": "application/json", [A2A_VERSION_HEADER]: A2A_PROTOCOL_VERSION, ...headers }, body });

const sendRequest = (envelope: unknown, message: Record<string, unknown> = {}) =>
  JSON.stringify({ jsonrpc: "2.0", id: 7, method: "SendMessage", params: { message: { messageId: "m-1", contextId: "ctx-1", role: "ROLE_USER", parts: [{ data: envelope, mediaType: "application/vnd.agent-market.envelope+json" }], ...message } } });

describe("A2A plain SendMessage route (a message that opens no task, answered without the SDK's task machinery)", function () {
  this.timeout(20_000);

  it("answers the official SDK client exactly as the SDK would: a message in the same context whose data part is the receipt, and delivers once", async () => {
    const { net, e, sender, seen } = await endpoint();
    try {
      const client = await new ClientFactory().createFromUrl(e.url);
      const envelope = await sender.seal(e.self.address, sampleMessages[1]!);
      const answer = (await client.sendMessage({ tenant: "", message: a2aMessage(Role.ROLE_USER, envelope, { messageId: "m-2", contextId: "ctx-2" }), configuration: undefined, metadata: undefined })) as { role: Role; contextId: string };
      expect(dataOf(answer as never)).to.deep.equal({ accepted: true });
      expect(answer).to.include({ role: Role.ROLE_AGENT, contextId: "ctx-2" });
      await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((d) => d.message)).to.deep.equal([sampleMessages[1]]);
    } finally {
      await net.close();
    }
  });

  it("error: a replayed or tampered envelope is a typed refusal in the JSON-RPC result, and nothing more is delivered", async () => {
    const { net, e, sender, seen } = await endpoint();
    try {
      const envelope = await sender.seal(e.self.address, sampleMessages[3]!);
      const first = (await (await rpc(e.url, sendRequest(envelope))).json()) as { id: number; result: { message: { parts: { data: unknown }[] } } };
      expect(first.id).to.equal(7);
      expect(first.result.message.parts[0]!.data).to.deep.equal({ accepted: true });
      const again = (await (await rpc(e.url, sendRequest(envelope))).json()) as { result: { message: { parts: { data: { error: { code: string } } }[] } } };
      expect(again.result.message.parts[0]!.data.error.code).to.equal("ENVELOPE_REPLAYED");
      const tampered = { ...(await sender.seal(e.self.address, sampleMessages[3]!)), nonce: "5" };
      const bad = (await (await rpc(e.url, sendRequest(tampered))).json()) as { result: { message: { parts: { data: { error: { code: string } } }[] } } };
      expect(bad.result.message.parts[0]!.data.error.code).to.equal("ENVELOPE_BAD_SIGNATURE");
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).to.have.lengthOf(1);
    } finally {
      await net.close();
    }
  });

  it("error: a body that is not JSON or is over 1 MB is a typed REQUEST_INVALID (400, 413), never a crash", async () => {
    const { net, e, seen } = await endpoint();
    try {
      const notJson = await rpc(e.url, "{ not json");
      expect(notJson.status).to.equal(400);
      expect(await notJson.json()).to.deep.include({ accepted: false }).and.nested.include({ "error.code": "REQUEST_INVALID" });
      const huge = await rpc(e.url, sendRequest({ pad: "x".repeat(1_100_000) }));
      expect(huge.status).to.equal(413);
      expect(await huge.json()).to.nested.include({ "error.code": "REQUEST_INVALID", "error.message": "entity.too.large" });
      expect(seen).to.have.lengthOf(0);
    } finally {
      await net.close();
    }
  });

  it("error: a SendMessage naming a task is still the SDK's to answer (its typed JSON-RPC error), and nothing is delivered", async () => {
    const { net, e, sender, seen } = await endpoint();
    try {
      const envelope = await sender.seal(e.self.address, sampleMessages[5]!);
      const named = (await (await rpc(e.url, sendRequest(envelope, { taskId: "no-such-task" }))).json()) as { error: { code: number; message: string } };
      expect(named.error.message).to.match(/not found/i);
      expect(seen).to.have.lengthOf(0);
    } finally {
      await net.close();
    }
  });
});
