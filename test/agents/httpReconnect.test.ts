import { describe, it } from "mocha";
import { expect } from "chai";
import { HttpBoard } from "../../agents/transport/HttpBoard.js";
import { HttpTransport } from "../../agents/transport/HttpTransport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

const reg = testRegistry();

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port that was free a moment ago: where a board will be started later. */
async function freePort(): Promise<number> {
  const probe = await HttpBoard.start({ security: reg.security });
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

describe("HttpTransport reconnection", () => {
  it("an agent started before the board waits for it with backoff, then receives messages", async () => {
    const port = await freePort();
    const retries: number[] = [];
    const remote = new HttpTransport(`http://127.0.0.1:${port}`, reg.security, { initialDelayMs: 20, maxDelayMs: 80, onRetry: (r) => retries.push(r.delayMs) });
    const connecting = remote.connect(reg.register());
    await new Promise((r) => setTimeout(r, 300));
    const board = await HttpBoard.start({ port, security: reg.security });
    try {
      const arbiter = await connecting;
      expect(retries.length).to.be.greaterThan(1);
      expect(retries.slice(0, 3)).to.deep.equal([20, 40, 80]);
      const got: unknown[] = [];
      arbiter.onMessage((d) => got.push(d.message));
      await (await board.connect(reg.register())).send(arbiter.self.address, sampleMessages[0]!);
      await until(() => got.length === 1);
      expect(got[0]).to.deep.equal(sampleMessages[0]);
    } finally {
      await remote.close();
      await board.close();
    }
  });

  it("reconnects after the board restarts (a manager restart) and keeps its handlers", async () => {
    const first = await HttpBoard.start({ security: reg.security });
    const port = Number(new URL(first.url).port);
    const remote = new HttpTransport(first.url, reg.security, { initialDelayMs: 20, maxDelayMs: 100 });
    let second: HttpBoard | undefined;
    try {
      const worker = await remote.connect(reg.register());
      const got: unknown[] = [];
      worker.onMessage((d) => got.push(d.message));
      await first.close();
      second = await HttpBoard.start({ port, security: reg.security });
      const manager = await second.connect(reg.register());
      // The worker is back once a message sent now reaches it.
      await until(() => {
        void manager.send(worker.self.address, sampleMessages[1]!);
        return got.length > 0;
      });
      expect(got[0]).to.deep.equal(sampleMessages[1]);
      await worker.send(manager.self.address, sampleMessages[2]!);
    } finally {
      await remote.close();
      await second?.close();
    }
  });

  it("error: with a connect timeout, a board that never comes is a typed TRANSPORT_UNREACHABLE", async () => {
    const port = await freePort();
    const remote = new HttpTransport(`http://127.0.0.1:${port}`, reg.security, { initialDelayMs: 10, connectTimeoutMs: 150 });
    const err = await remote.connect(reg.register()).then(() => undefined, (e: unknown) => e);
    expect(err).to.have.property("name", "TransportError");
    expect(err).to.have.property("code", "TRANSPORT_UNREACHABLE");
  });
});
