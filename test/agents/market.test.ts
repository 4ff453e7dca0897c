import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";
import { ManualClock } from "../../agents/runtime/ManualClock.js";
import { balances, bobLlm, fee, feeCredit, judgeLlm, labelWhere, makeSpec, onFirst, REVIEW_PERIOD, RULING_WINDOW, startMarket } from "./fixtures/localMarket.js";

const amountOf = (m: Awaited<ReturnType<typeof startMarket>>["m"], taskId: string) => BigInt(m.manager.task(taskId as Hex)!.winner!.terms.amount);

describe("agents market (in-process chain and board)", function () {
  this.timeout(30_000);
  it("awards the best capable bid and releases payment for a result the judge accepts", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const [alice] = m.accounts.workers;
      const spec = await makeSpec(m, "release", ["summarise"]);
      const before = await balances(m, [m.accounts.manager, alice!]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      const report = await outcome;
      expect(report.outcome).to.equal("released");
      expect(report.worker).to.equal(alice);
      expect(report.score).to.be.at.least(0.7);
      const amount = amountOf(m, spec.taskId);
      const after = await balances(m, [m.accounts.manager, alice!]);
      expect(before[0]! - after[0]!).to.equal(amount);
      expect(after[1]! - before[1]!).to.equal(amount - fee(amount));
      expect(await feeCredit(m)).to.equal(fee(amount));
      expect(m.market.tracker.stats(m.idOf("alice")).successes).to.equal(1);
      // carol lacks "summarise": the registry does not list her for it, so she was never asked.
      expect(m.manager.task(spec.taskId as Hex)?.asked?.map((a) => a.agentId).sort()).to.deep.equal([m.idOf("alice"), m.idOf("bob")].sort());
      expect(m.workers[2]!.record(spec.taskId as Hex)).to.equal(undefined);
      expect(m.workers[0]!.record(spec.taskId as Hex)?.outcome).to.equal("released");
    } finally {
      await m.close();
    }
  });

  it("lets the worker claim an auto-release when the manager stays silent", async () => {
    const chain = await network.create();
    const { networkHelpers } = chain;
    const { m } = await startMarket(chain);
    try {
      const [alice] = m.accounts.workers;
      const spec = await makeSpec(m, "auto", ["translate"]);
      const before = await balances(m, [m.accounts.manager, alice!]);
      await onFirst(m, (msg) => msg.type === "award", () => void m.manager.stop());
      await m.manager.announce(spec);
      await m.settle();
      await networkHelpers.time.increase(REVIEW_PERIOD + 1);
      await m.tickAll();
      expect(m.workers[0]!.record(spec.taskId as Hex)?.outcome).to.equal("auto-released");
      const amount = amountOf(m, spec.taskId);
      const after = await balances(m, [m.accounts.manager, alice!]);
      expect(before[0]! - after[0]!).to.equal(amount);
      expect(after[1]! - before[1]!).to.equal(amount - fee(amount));
    } finally {
      await m.close();
    }
  });

  it("disputes a result the judge rejects, and the arbiter's split settles it", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const bob = m.accounts.workers[1]!;
      const spec = await makeSpec(m, labelWhere(bobLlm, "ruling", false), ["code"]);
      const before = await balances(m, [m.accounts.manager, bob]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      const report = await outcome;
      expect(report.outcome).to.equal("ruled");
      const { score } = await judgeLlm.judge(spec, (await bobLlm.execute(spec)).output);
      expect(score).to.be.below(0.7);
      const bps = BigInt(Math.round(score * 10_000));
      const amount = amountOf(m, spec.taskId);
      const gross = (amount * bps) / 10_000n;
      const after = await balances(m, [m.accounts.manager, bob]);
      expect(after[1]! - before[1]!).to.equal(gross - fee(gross));
      expect(before[0]! - after[0]!).to.equal(gross);
      expect(await feeCredit(m)).to.equal(fee(gross));
      expect(m.market.tracker.stats(m.idOf("bob")).successes).to.equal(0);
    } finally {
      await m.close();
    }
  });

  it("settles a dispute by the fallback split when the arbiter stays silent", async () => {
    const chain = await network.create();
    const { networkHelpers } = chain;
    const { m } = await startMarket(chain, { arbiterSilent: true });
    try {
      const bob = m.accounts.workers[1]!;
      const spec = await makeSpec(m, labelWhere(bobLlm, "fallback", false), ["code"]);
      const before = await balances(m, [m.accounts.manager, bob]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.finalized).to.equal(false);
      await networkHelpers.time.increase(RULING_WINDOW + 1);
      await m.tickAll();
      expect((await outcome).outcome).to.equal("fallback-settled");
      const amount = amountOf(m, spec.taskId);
      const gross = amount / 2n; // default fallback: 50% to the worker
      const after = await balances(m, [m.accounts.manager, bob]);
      expect(after[1]! - before[1]!).to.equal(gross - fee(gross));
      expect(before[0]! - after[0]!).to.equal(gross);
    } finally {
      await m.close();
    }
  });

  it("refunds the client after the deadline when the worker never submits", async () => {
    const chain = await network.create();
    const { networkHelpers } = chain;
    const { m } = await startMarket(chain);
    try {
      const bob = m.accounts.workers[1]!;
      const spec = await makeSpec(m, "timeout", ["code"]);
      const before = await balances(m, [m.accounts.manager, bob]);
      // bob crashes right after bidding and never comes back.
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("bob"), () => void m.workers[1]!.stop());
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.phase).to.equal("awarded");
      await networkHelpers.time.increase(3_601);
      await m.tickAll();
      expect((await outcome).outcome).to.equal("refunded");
      expect(await balances(m, [m.accounts.manager, bob])).to.deep.equal(before);
      expect(m.market.tracker.stats(m.idOf("bob")).outcomes).to.equal(1);
    } finally {
      await m.close();
    }
  });

  it("returns the money at once when the worker declines a task it cannot finish", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const carol = m.accounts.workers[2]!;
      const spec = await makeSpec(m, "decline", ["audit"]);
      const before = await balances(m, [m.accounts.manager, carol]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect((await outcome).outcome).to.equal("declined");
      expect(logs.get("carol")!.warnings()).to.include("execution failed");
      expect(await balances(m, [m.accounts.manager, carol])).to.deep.equal(before);
    } finally {
      await m.close();
    }
  });
});

describe("manager bid window", function () {
  this.timeout(30_000);

  it("keeps bidding open until the window ends when a capable worker stays silent, then awards", async () => {
    const chain = await network.create();
    const clock = new ManualClock();
    const { m } = await startMarket(chain, { clock });
    try {
      await m.workers[1]!.stop(); // bob is capable but never bids
      const spec = await makeSpec(m, "window", ["summarise"]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.phase).to.equal("bidding");
      clock.advance(1_999);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.phase).to.equal("bidding");
      clock.advance(1);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      expect(m.manager.task(spec.taskId as Hex)?.winner?.agentId).to.equal(m.idOf("alice"));
    } finally {
      await m.close();
    }
  });
});
