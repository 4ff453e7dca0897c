import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address } from "viem";
import type { AgentStore } from "../../agents/runtime/ports.js";
import { MemoryStore } from "../../agents/runtime/MemoryStore.js";
import { storedPushTokens } from "../../agents/runtime/storedPushTokens.js";
import { A2ATransport, type A2AEndpoint } from "../../agents/transport/a2a/A2ATransport.js";
import type { Delivery } from "../../agents/transport/Transport.js";
import { award, result } from "./fixtures/a2aNetwork.js";
import { testRegistry } from "./fixtures/network.js";

/**
 * A client awards, then its process restarts (on the same A2A address, or on another one whose
 * card the registry then lists) before the worker's result arrives. With its push tokens in its store (a FileStore in `./run manager` with STATE_FILE) the
 * restarted client takes the result; with tokens only in memory it refuses it.
 */
async function awardThenRestart(store: AgentStore | undefined, o: { newPort?: boolean } = {}) {
  const reg = testRegistry();
  const urls = new Map<string, string>();
  const directory = { urlOf: async (w: Address) => urls.get(w.toLowerCase()) };
  const retry = { initialDelayMs: 20, maxDelayMs: 80, retryForMs: 2_000 };
  const workers = new A2ATransport({ security: reg.security, directory, ...retry });
  const clientIdentity = reg.register();
  const connectClient = async (net: A2ATransport) => {
    const e = (await net.connect(clientIdentity, store ? { pushTokens: storedPushTokens(store) } : {})) as A2AEndpoint;
    urls.set(e.self.address.toLowerCase(), e.url);
    return e;
  };
  const before = new A2ATransport({ security: reg.security, directory, ...retry });
  let after: A2ATransport | undefined;
  try {
    const worker = (await workers.connect(reg.register())) as A2AEndpoint;
    urls.set(worker.self.address.toLowerCase(), worker.url);
    const client = await connectClient(before);
    await client.send(worker.self.address, award);
    const port = Number(new URL(client.url).port);
    await before.close(); // the client's process ends between award and result

    // On another port the restarted client's new card is what the registry lists from now on.
    after = new A2ATransport({ security: reg.security, directory, port: o.newPort ? 0 : port, ...retry });
    const restarted = await connectClient(after);
    const got: Delivery[] = [];
    restarted.onMessage((d) => got.push(d));
    const sent = await worker.send(restarted.self.address, result).then(() => undefined, (e: unknown) => e);
    await after.drained();
    return { sent, got, worker: worker.self, moved: restarted.url !== `http://127.0.0.1:${port}` };
  } finally {
    await after?.close();
    await workers.close();
  }
}

describe("A2A push tokens across a client restart", function () {
  this.timeout(20_000);

  it("a client restarted between award and result still takes the awarded worker's result, its push token read back from its store", async () => {
    const { sent, got, worker } = await awardThenRestart(new MemoryStore());
    expect(sent).to.equal(undefined);
    expect(got).to.deep.equal([{ from: worker, message: result }]);
  });

  it("a client restarted on another port (its new endpoint registered) still takes the result: the worker pushes to the endpoint the registry lists now", async () => {
    const { sent, got, worker, moved } = await awardThenRestart(new MemoryStore(), { newPort: true });
    expect(moved).to.equal(true);
    expect(sent).to.equal(undefined);
    expect(got).to.deep.equal([{ from: worker, message: result }]);
  });

  it("error: with its tokens in memory only, the restarted client refuses the result (PUSH_TOKEN_UNKNOWN) and the worker is told", async () => {
    const { sent, got } = await awardThenRestart(undefined);
    expect(sent).to.have.property("code", "TRANSPORT_REFUSED");
    expect(JSON.stringify((sent as { details?: unknown }).details)).to.contain("PUSH_TOKEN_UNKNOWN");
    expect(got).to.have.lengthOf(0);
  });

  it("error: a spent token is not read back by a restarted client (kept as null in the store, refused like an unknown one)", async () => {
    const store = new MemoryStore();
    const tokens = storedPushTokens(store);
    tokens.save("t1", { worker: `0x${"11".repeat(20)}`, taskId: `0x${"ab".repeat(32)}` });
    tokens.spend("t1");
    expect(storedPushTokens(store).load("t1")).to.equal(undefined);
  });
});
