import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address } from "viem";
import type { DirectoryEntry } from "../../agents/registry/directory.js";
import { A2ATransport, type A2AEndpoint } from "../../agents/transport/a2a/A2ATransport.js";
import { a2aBase, registryPeers } from "../../agents/transport/a2a/registryPeers.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

/** A registry's checked cards as a list the test edits: an agent that restarts re-registers its card. */
function cards() {
  const byWallet = new Map<string, DirectoryEntry>();
  let reads = 0;
  return {
    directory: { capable: async () => (reads++, [...byWallet.values()]) },
    reads: () => reads,
    publish(e: A2AEndpoint) {
      byWallet.set(e.self.address, { agentId: e.self.agentId, wallet: e.self.address, name: e.self.agentId, url: e.url, skills: ["code"], costPerStep: 1, maxSteps: 1 });
    },
  };
}

describe("registryPeers (A2A endpoints from the registry's checked cards)", function () {
  this.timeout(20_000);

  it("finds a peer by the card its wallet registered, and reads the registry once while the cache is fresh", async () => {
    const reg = testRegistry();
    const c = cards();
    const net = new A2ATransport({ security: reg.security, directory: registryPeers(c.directory) });
    try {
      const [a, b] = [(await net.connect(reg.register())) as A2AEndpoint, (await net.connect(reg.register())) as A2AEndpoint];
      c.publish(a);
      c.publish(b);
      const got: Delivery[] = [];
      b.onMessage((d) => got.push(d));
      for (let i = 0; i < 5; i++) await a.send(b.self.address, sampleMessages[1]!);
      await net.drained();
      expect(got).to.have.lengthOf(5);
      expect(c.reads()).to.equal(1);
      expect([a2aBase(b.url), a2aBase(`${b.url}/a2a`)]).to.deep.equal([b.url, b.url]);
    } finally {
      await net.close();
    }
  });

  it("a peer that restarts on another port is reached at its new card: the sender forgets the dead address and retries with backoff", async () => {
    const reg = testRegistry();
    const c = cards();
    const peers = registryPeers(c.directory, 60_000);
    const net = new A2ATransport({ security: reg.security, directory: peers, initialDelayMs: 20, maxDelayMs: 100, retryForMs: 5_000 });
    const other = new A2ATransport({ security: reg.security, directory: peers });
    try {
      const a = (await net.connect(reg.register())) as A2AEndpoint;
      const bIdentity = reg.register();
      const b1 = (await other.connect(bIdentity)) as A2AEndpoint;
      c.publish(b1);
      await a.send(b1.self.address, sampleMessages[1]!);
      await b1.close();
      // Down: the send waits, retrying, until b is back on a new port with a new card.
      const sending = a.send(bIdentity.signer.address as Address, sampleMessages[6]!);
      await new Promise((r) => setTimeout(r, 150));
      const b2 = (await other.connect(bIdentity)) as A2AEndpoint;
      expect(b2.url).to.not.equal(b1.url);
      const got: Delivery[] = [];
      b2.onMessage((d) => got.push(d));
      c.publish(b2);
      await sending;
      await net.drained();
      expect(got.map((d) => d.message)).to.deep.equal([sampleMessages[6]]);
    } finally {
      await net.close();
      await other.close();
    }
  });
});
