import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import type { WorkerCore } from "../../agents/worker/workerTypes.js";
import { balances, fee, makeSpec, onFirst, startMarket } from "../agents/fixtures/localMarket.js";

describe("a team member restarted mid-round", function () {
  this.timeout(120_000);

  it("the lead asks it again with backoff; restarted without its record of the team, it re-derives the team from the chain and signs: the task is released and each member paid its share", async () => {
    const chain = await network.create();
    const factory = (await chain.viem.deployContract("TeamAccountFactory")).address as Address;
    const llm = (id: string) => new SimulatedLlmClient({ workerId: id, seed: 1, trueSuccessRate: 1, overconfidence: 1, claimNoise: 0 });
    const { m } = await startMarket(chain, {
      teamFactory: factory,
      teamTimeoutMs: 15_000,
      workers: [
        { profile: { agentId: "cody", skills: ["code"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("cody") },
        { profile: { agentId: "audra", skills: ["audit"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("audra") },
      ],
    });
    try {
      const members = m.accounts.workers as [Address, Address];
      const lead = BigInt(members[0]) < BigInt(members[1]) ? 0 : 1;
      const other = 1 - lead;
      const spec = await makeSpec(m, "member restart", ["code", "audit"]);
      const taskId = spec.taskId.toLowerCase() as Hex;
      const before = await balances(m, [...members]);
      const outcome = m.manager.outcome(taskId);
      // The award goes out: the other member's process dies at once (before the lead asks it to sign the
      // team's submit call), loses its record of the team, and comes back 1.5 s later on the same store.
      let restarted: Promise<unknown> | undefined;
      await onFirst(m, (msg) => msg.type === "award", () => {
        const dying = m.workers[other]!;
        restarted = (async () => {
          await dying.stop();
          const core = (dying as unknown as { core: WorkerCore }).core;
          const { team: _lost, ...kept } = core.tasks.load(taskId)!;
          core.tasks.save(taskId, kept);
          await new Promise((r) => setTimeout(r, 1_500));
          await m.restartWorker(other);
        })();
      });
      await m.manager.announce(spec);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the team's task was not settled within 60 s")), 60_000));
      expect((await Promise.race([outcome, timeout]) as { outcome: string }).outcome).to.equal("released");
      await restarted;
      // The restarted member signed: it re-derived the team (wallet and split) from the chain and kept it.
      const escrow = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
      const task = await escrow.getTask({ client: m.accounts.manager, taskId });
      const team = getAddress(task.terms.worker);
      expect(m.workers[other]!.record(taskId)?.team?.address).to.equal(team);
      // Told of the release, the lead distributed: the wallet is empty and each member holds its exact share.
      for (let i = 0; i < 100 && (await m.token.read.balanceOf([team])) !== 0n; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await m.token.read.balanceOf([team])).to.equal(0n);
      const split = m.workers[lead]!.record(taskId)!.team!;
      const payout = task.terms.amount - fee(task.terms.amount);
      const owed = split.sharesBps.map((s) => (payout * BigInt(s)) / 10_000n);
      const dust = payout - owed.reduce((a, b) => a + b, 0n);
      const after = await balances(m, [...members]);
      const paid = split.members.map((a) => after[members.indexOf(getAddress(a))]! - before[members.indexOf(getAddress(a))]!);
      expect(paid).to.deep.equal(owed.map((o, i) => o + (i === 0 ? dust : 0n)));
    } finally {
      await m.close();
    }
  });
});
