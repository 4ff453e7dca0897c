import { describe, it } from "mocha";
import { expect } from "chai";
import type { Address } from "viem";
import { AgentLoop } from "../../agents/runtime/AgentLoop.js";
import { systemClock } from "../../agents/runtime/ports.js";
import type { Message } from "../../agents/protocol/messages.js";
import { A2ATransport } from "../../agents/transport/a2a/A2ATransport.js";
import type { Delivery, Endpoint } from "../../agents/transport/Transport.js";
import { sampleMessages } from "./fixtures/messages.js";
import { testRegistry } from "./fixtures/network.js";

const report = sampleMessages.find((m) => m.type === "report")!;

/** An agent whose step settles something (50 ms of chain work) and then reports it, as a manager does after a release. */
class Reporter extends AgentLoop {
  constructor(
    endpoint: Endpoint,
    log: AgentLoopLog,
    private readonly to: Address,
  ) {
    super({ endpoint, clock: systemClock, log });
  }
  protected onMessage(): void {}
  protected override startup(): Promise<void> {
    return Promise.resolve();
  }
  async tick(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50));
    await this.tell(this.to, report);
  }
  settleAndReport(): Promise<void> {
    return this.queue.push(() => this.tick());
  }
  /** The same report sent beside the queue, as a manager's review waits for the indexer there. */
  reportAside(): void {
    this.aside(() => this.tick());
  }
}
type AgentLoopLog = { info: () => void; warn: (msg: string, details?: Record<string, unknown>) => void };

describe("AgentLoop.stop", function () {
  this.timeout(20_000);

  it("lets the step under way finish its sends before closing the endpoint: the last report reaches its worker (no TRANSPORT_CLOSED)", async () => {
    const reg = testRegistry();
    const net = new A2ATransport({ security: reg.security, retryForMs: 500 });
    try {
      const worker = await net.connect(reg.register());
      const got: Delivery[] = [];
      worker.onMessage((d) => got.push(d));
      const warnings: string[] = [];
      const manager = new Reporter(await net.connect(reg.register()), { info: () => {}, warn: (msg, d) => void warnings.push(`${msg} ${String(d?.code)}`) }, worker.self.address);
      await manager.start();
      void manager.settleAndReport(); // the job loop saw the task settled on chain and stops the manager
      await manager.stop();
      await net.drained();
      expect(warnings).to.deep.equal([]);
      expect(got.map((d) => d.message as Message)).to.deep.equal([report]);
    } finally {
      await net.close();
    }
  });

  it("waits for work set aside too: a report sent beside the queue still reaches its worker when the agent stops at once", async () => {
    const reg = testRegistry();
    const net = new A2ATransport({ security: reg.security, retryForMs: 500 });
    try {
      const worker = await net.connect(reg.register());
      const got: Delivery[] = [];
      worker.onMessage((d) => got.push(d));
      const warnings: string[] = [];
      const manager = new Reporter(await net.connect(reg.register()), { info: () => {}, warn: (msg, d) => void warnings.push(`${msg} ${String(d?.code)}`) }, worker.self.address);
      await manager.start();
      manager.reportAside();
      expect(manager.busy).to.equal(true);
      await manager.stop();
      await net.drained();
      expect(warnings).to.deep.equal([]);
      expect(got.map((d) => d.message as Message)).to.deep.equal([report]);
    } finally {
      await net.close();
    }
  });
});

