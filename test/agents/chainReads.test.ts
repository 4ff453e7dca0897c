import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import type { EscrowWatch } from "../../agents/chain/escrowWatch.js";
import type { EscrowPort } from "../../agents/runtime/ports.js";
import { labelWhere, makeSpec, onFirst, REVIEW_PERIOD, startMarket, aliceLlm } from "./fixtures/localMarket.js";
import { until } from "../mcp/mcpMarket.js";

type Counts = Record<string, number>;

/** Counts every JSON-RPC call the market's viem clients send to the chain, by method (the provider they all share). */
async function countedChain() {
  const chain = await network.create();
  const provider = chain.provider as unknown as { request(args: { method: string; params?: unknown }): Promise<unknown> };
  const request = provider.request.bind(provider);
  let counts: Counts = {};
  provider.request = (args) => {
    counts[args.method] = (counts[args.method] ?? 0) + 1;
    const to = args.method === "eth_call" ? (args.params as [{ to?: string }])[0].to?.toLowerCase() : undefined;
    if (to) counts[`eth_call ${to}`] = (counts[`eth_call ${to}`] ?? 0) + 1;
    return request(args);
  };
  return {
    chain,
    /** The calls counted since the last take, and a fresh count. */
    take(): Counts {
      const out = counts;
      counts = {};
      return out;
    },
  };
}

const total = (c: Counts, ...methods: string[]) => methods.reduce((n, m) => n + (c[m] ?? 0), 0);

/** A watcher that hears every block but drops every event: what missing them all would look like. */
const deaf = (watch: EscrowWatch): EscrowWatch => ({ poll: () => watch.poll(), subscribe: (l) => watch.subscribe((b) => l({ ...b, changes: [] })) });

describe("agents' chain reads (one escrow watcher per process)", function () {
  this.timeout(60_000);

  it("idle agents make one block read per look, however many settled tasks they know", async () => {
    const { chain, take } = await countedChain();
    const { m } = await startMarket(chain);
    const agents = 2 + m.workers.length; // manager, workers, arbiter
    const idleLooks = async (rounds: number): Promise<Counts> => {
      await m.tickAll();
      take();
      for (let i = 0; i < rounds; i++) await m.tickAll();
      return take();
    };
    const settle = async (n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const spec = await makeSpec(m, `${tag}-${i}`, ["translate"]);
        const outcome = m.manager.outcome(spec.taskId as Hex);
        await m.manager.announce(spec);
        await m.settle();
        await m.tickAll();
        expect((await outcome).outcome).to.equal("released");
      }
    };
    try {
      await settle(2, "few");
      const few = await idleLooks(5);
      await settle(4, "more");
      const more = await idleLooks(5);
      for (const idle of [few, more]) {
        // No task is read while nothing happens: no eth_call, no log scan; the head only, once per agent's look.
        expect(total(idle, "eth_call", "eth_getLogs"), JSON.stringify(idle)).to.equal(0);
        expect(total(idle, "eth_getBlockByNumber", "eth_blockNumber"), JSON.stringify(idle)).to.be.at.most(5 * agents);
      }
      expect(total(more, "eth_getBlockByNumber")).to.equal(total(few, "eth_getBlockByNumber"));
    } finally {
      await m.close();
    }
  });

  it("settling a task costs a bounded number of chain reads, not one per task per tick", async () => {
    const { chain, take } = await countedChain();
    const { m } = await startMarket(chain);
    try {
      take();
      const tasks = 4;
      for (let i = 0; i < tasks; i++) {
        const spec = await makeSpec(m, labelWhere(aliceLlm, `reads-${i}`, true), ["translate"]);
        const outcome = m.manager.outcome(spec.taskId as Hex);
        await m.manager.announce(spec);
        await m.settle();
        // Every agent looks ten times per task: with per-task polling each look would read each known task again.
        for (let t = 0; t < 10; t++) await m.tickAll();
        expect((await outcome).outcome).to.equal("released");
      }
      const c = take();
      const perTask = (method: string) => (c[method] ?? 0) / tasks;
      // Measured: 19 escrow reads (about 7 task reads of 3 calls or fewer), 36.5 calls in all (the
      // registry's cards the manager's directory reads included) and 14 log scans per task.
      expect(perTask(`eth_call ${m.escrowAddress.toLowerCase()}`), JSON.stringify(c)).to.be.at.most(25);
      expect(perTask("eth_call"), JSON.stringify(c)).to.be.at.most(45);
      expect(perTask("eth_getLogs"), JSON.stringify(c)).to.be.at.most(20);
    } finally {
      await m.close();
    }
  });

  /** A watcher whose polls wait until `answer()` while `hold` is set: a node slow to answer. */
  function slowNode() {
    const s = { hold: false, waiting: 0, answer: () => {} };
    const answered = new Promise<void>((r) => (s.answer = r));
    const wrap = (watch: EscrowWatch): EscrowWatch => ({
      subscribe: (l) => watch.subscribe(l),
      poll: async () => {
        if (s.hold) {
          s.waiting++;
          await answered;
        }
        return watch.poll();
      },
    });
    return { s, wrap };
  }

  for (const role of ["manager", "worker"] as const)
    it(`a tick's poll of the node holds up no message: the ${role} goes on with a new task while its poll still waits for an answer`, async () => {
      const chain = await network.create();
      const { s, wrap } = slowNode();
      const { m } = await startMarket(chain, { wrapEscrow: (r, port: EscrowPort) => (r === role ? { ...port, watch: wrap(port.watch) } : port) });
      try {
        s.hold = true;
        const ticked = role === "manager" ? m.manager.tick() : m.workers[0]!.tick();
        await until(`the ${role}'s poll waiting on the node`, async () => (s.waiting === 1 ? true : undefined));
        const spec = await makeSpec(m, `slow-poll-${role}`, ["translate"]);
        await m.manager.announce(spec);
        // Before, the poll ran inside the agent's queue: the bid (the worker's, or the manager's intake of it) waited behind it.
        await until("the task awarded while the poll waits", async () => (m.manager.task(spec.taskId as Hex)?.phase === "awarded" ? true : undefined), 20_000);
        s.hold = false;
        s.answer();
        await ticked;
        const outcome = m.manager.outcome(spec.taskId as Hex);
        await m.settle();
        expect((await outcome).outcome).to.equal("released");
      } finally {
        s.answer();
        await m.close();
      }
    });

  it("error: a worker whose watcher misses every event still claims its auto-release", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain, { wrapEscrow: (_role, port: EscrowPort) => ({ ...port, watch: deaf(port.watch) }) });
    try {
      const spec = await makeSpec(m, "deaf-auto", ["translate"]);
      await onFirst(m, (msg) => msg.type === "award", () => void m.manager.stop());
      await m.manager.announce(spec);
      await m.settle();
      expect(m.workers[0]!.record(spec.taskId as Hex)?.output).to.be.a("string");
      await chain.networkHelpers.time.increase(REVIEW_PERIOD + 1);
      await m.tickAll();
      expect(m.workers[0]!.record(spec.taskId as Hex)?.outcome).to.equal("auto-released");
    } finally {
      await m.close();
    }
  });

  it("error: a manager whose watcher misses every event still refunds after the deadline", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain, { wrapEscrow: (_role, port: EscrowPort) => ({ ...port, watch: deaf(port.watch) }) });
    try {
      const spec = await makeSpec(m, "deaf-timeout", ["code"]);
      // bob crashes right after bidding and never comes back.
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("bob"), () => void m.workers[1]!.stop());
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.phase).to.equal("awarded");
      await m.tickAll();
      expect(m.manager.task(spec.taskId as Hex)?.finalized).to.equal(false);
      await chain.networkHelpers.time.increase(3_601);
      await m.tickAll();
      expect((await outcome).outcome).to.equal("refunded");
    } finally {
      await m.close();
    }
  });
});
