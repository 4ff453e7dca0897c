import { describe, it } from "mocha";
import { expect } from "chai";
import { ClientFactory } from "@a2a-js/sdk/client";
import { getAddress } from "viem";
import { buildAgentCard } from "../../agents/registry/agentCard.js";
import { signAgentCard, verifyAgentCard } from "../../agents/registry/cardSignature.js";
import express from "express";
import type { AddressInfo } from "node:net";
import { A2ATransport, type A2AEndpoint } from "../../agents/transport/a2a/A2ATransport.js";
import { a2aMessage, receiptOf, Role } from "../../agents/transport/a2a/a2aWire.js";
import { Envelopes } from "../../agents/transport/envelopes.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { domain, testRegistry } from "./fixtures/network.js";

const reject = sampleMessages[3]!;

describe("signed Agent Card read by the @a2a-js/sdk client", function () {
  this.timeout(20_000);

  it("names the A2A 1.0 JSON-RPC interface the endpoint serves: an SDK client built from the signed card alone delivers a signed message", async () => {
    const reg = testRegistry();
    const net = new A2ATransport({ security: reg.security, retryForMs: 300 });
    const after: (() => void)[] = [];
    try {
      const identity = reg.register();
      const worker = (await net.connect(identity)) as A2AEndpoint;
      const card = await signAgentCard(
        buildAgentCard({ name: "w", description: "worker", url: worker.url, skills: ["code"], costPerStep: 1, maxSteps: 2, chainId: domain.chainId, registry: domain.registry, agentId: BigInt(identity.agentId), wallet: getAddress(identity.signer.address) }),
        identity.signer,
      );
      expect(card.supportedInterfaces).to.deep.equal([{ url: `${worker.url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }]);
      expect(card).not.to.have.property("protocolVersion"); // the 0.3 top-level field would make an SDK client speak 0.3
      await verifyAgentCard(card, { chainId: domain.chainId, registry: domain.registry, agentId: BigInt(identity.agentId), wallet: getAddress(identity.signer.address) });

      // Served where the registration file's A2A service points, as examples/plain-worker.mjs serves /card.json.
      const app = express().get("/card.json", (_req, res) => void res.json(card));
      const host = await new Promise<ReturnType<typeof app.listen>>((r) => {
        const s = app.listen(0, "127.0.0.1", () => r(s));
      });
      after.push(() => host.close());
      const sdk = await new ClientFactory().createFromUrl(`http://127.0.0.1:${(host.address() as AddressInfo).port}/card.json`, "");
      const got: Delivery[] = [];
      worker.onMessage((d) => got.push(d));
      const sender = reg.register();
      const envelope = await new Envelopes(sender, reg.security).seal(worker.self.address, { ...reject, worker: worker.self.address } as typeof reject);
      const reply = await sdk.sendMessage({ tenant: "", message: a2aMessage(Role.ROLE_USER, envelope, { messageId: crypto.randomUUID(), contextId: envelope.taskId }), configuration: undefined, metadata: undefined });
      expect(receiptOf(reply)).to.deep.equal({ accepted: true });
      await net.drained();
      expect(got.map((d) => d.from.agentId)).to.deep.equal([sender.agentId]);
    } finally {
      for (const f of after) f();
      await net.close();
    }
  });
});
