import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import type { JudgeVerdict } from "../../agents/llm/types.js";
import { balances, fee, judgeLlm, makeSpec, onFirst, REVIEW_PERIOD, startMarket } from "../agents/fixtures/localMarket.js";
import type { Message } from "../../agents/protocol/messages.js";

/** A client's judge that finds every result unusable. */
class RejectingJudge extends SimulatedLlmClient {
  override async judge(): Promise<JudgeVerdict> {
    return { score: 0.1, reasons: ["unusable"] };
  }
}

/** cody and audra each hold one of two skills, so the manager awards the task to their team; the manager goes offline at the award, or judges the work a failure. */
async function silentClientTeam(o: { rejectWork?: boolean; before?: Map<string, bigint> } = {}) {
  const chain = await network.create();
  const factory = (await chain.viem.deployContract("TeamAccountFactory")).address as Address;
  const llm = (id: string) => new SimulatedLlmClient({ workerId: id, seed: 1, trueSuccessRate: 0.95, overconfidence: 1, claimNoise: 0 });
  const { m, logs } = await startMarket(chain, {
    teamFactory: factory,
    // The client's judge fails every result (so it disputes); the arbiter's judges as usual.
    ...(o.rejectWork ? { judge: new RejectingJudge({ workerId: "judge", seed: 7 }), arbiterJudge: judgeLlm } : {}),
    teamTimeoutMs: 5_000,
    workers: [
      { profile: { agentId: "cody", skills: ["code"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("cody") },
      { profile: { agentId: "audra", skills: ["audit"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("audra") },
    ],
  });
  const [cody, audra] = m.accounts.workers as [Address, Address];
  const leadIndex = BigInt(cody) < BigInt(audra) ? 0 : 1;
  const spec = await makeSpec(m, "team auto-release", ["code", "audit"]);
  const taskId = spec.taskId.toLowerCase() as Hex;
  // The client goes offline once it has funded the team's award: nobody releases.
  for (const a of [cody, audra]) o.before?.set(a, (await m.token.read.balanceOf([a])) as bigint);
  const seen: { message: Message; from: string; to: string }[] = [];
  m.transport.observe!((x) => void seen.push({ message: x.message, from: x.from.address, to: x.to }));
  if (!o.rejectWork) await onFirst(m, (msg) => msg.type === "award", () => void m.manager.stop());
  await m.manager.announce(spec);
  await m.settle();
  const escrow = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
  return { chain, m, logs, taskId, escrow, leadIndex, members: [cody, audra] as const, seen };
}

describe("a team's lead settles its team's task", function () {
  this.timeout(120_000);

  it("claims the auto-release when the client stays silent past the review period, then distributes: each member gets its share on chain", async () => {
    const { chain, m, taskId, escrow, leadIndex, members } = await silentClientTeam();
    try {
      const task = await escrow.getTask({ client: m.accounts.manager, taskId });
      const team = getAddress(task.terms.worker);
      expect(members.map(getAddress)).to.not.include(team);
      expect(task.status).to.equal("Submitted");
      const before = await balances(m, [...members]);

      // Within the review period the lead waits: nothing is due yet.
      await m.workers[leadIndex]!.tick();
      expect((await escrow.getTask({ client: m.accounts.manager, taskId })).status).to.equal("Submitted");

      await chain.networkHelpers.time.increase(REVIEW_PERIOD + 1);
      // Only the lead's own loop acts (the manager is offline, the other member never claims for the team).
      await m.workers[1 - leadIndex]!.tick();
      expect((await escrow.getTask({ client: m.accounts.manager, taskId })).status).to.equal("Submitted");
      await m.workers[leadIndex]!.tick();
      await m.workers[leadIndex]!.idle();
      expect((await escrow.getTask({ client: m.accounts.manager, taskId })).status).to.equal("AutoReleased");
      expect(m.workers[leadIndex]!.record(taskId)?.teamSettled).to.equal("auto-released");

      // The escrow paid the team wallet; the lead's distribute emptied it into the members' wallets by their shares.
      expect(await m.token.read.balanceOf([team])).to.equal(0n);
      const after = await balances(m, [...members]);
      const shares = m.workers[leadIndex]!.record(taskId)!.team!;
      const payout = task.terms.amount - fee(task.terms.amount);
      const paid = members.map((a, i) => after[i]! - before[i]!);
      expect(paid[0]! + paid[1]!).to.equal(payout);
      for (const [i, a] of members.entries()) {
        const k = shares.members.findIndex((x) => getAddress(x) === getAddress(a));
        const exact = (payout * BigInt(shares.sharesBps[k]!)) / 10_000n;
        // The dust member (the lead, first member) also takes the rounding remainder.
        expect(paid[i]! - exact).to.equal(k === 0 ? payout - members.reduce((s, _x, j) => s + (payout * BigInt(shares.sharesBps[j]!)) / 10_000n, 0n) : 0n);
      }

      // Settled once: a later tick sends nothing more.
      const blocks = await m.publicClient.getBlockNumber();
      await m.workers[leadIndex]!.tick();
      expect(await m.publicClient.getBlockNumber()).to.equal(blocks);
    } finally {
      await m.close();
    }
  });

  it("error: in a dispute of the team's result the lead tells the arbiter the team's side (the team wallet has no endpoint); the arbiter rules once both sides are heard and the lead distributes the team's part", async () => {
    const before = new Map<string, bigint>();
    const { m, taskId, escrow, leadIndex, members, seen } = await silentClientTeam({ rejectWork: true, before });
    try {
      await m.tickAll();
      await m.workers[leadIndex]!.idle();
      await m.tickAll();
      const task = await escrow.getTask({ client: m.accounts.manager, taskId });
      // Ruled within the ruling window, long before its last call: the arbiter heard the team through its lead.
      expect(task.status).to.equal("Ruled");
      const evidence = seen.filter((s) => s.message.type === "evidence" && s.to === m.accounts.arbiter);
      expect(evidence.map((s) => s.from).sort()).to.deep.equal([m.accounts.manager, members[leadIndex]!].sort());
      // Whatever share the ruling gave the team went on to the members.
      expect(await m.token.read.balanceOf([getAddress(task.terms.worker)])).to.equal(0n);
      expect(m.workers[leadIndex]!.record(taskId)?.teamSettled).to.equal("ruled");
      const after = await balances(m, [...members]);
      const paid = members.reduce((a, x, i) => a + after[i]! - before.get(x)!, 0n);
      expect(paid > 0n, "the ruling paid the team something, all of it distributed").to.equal(true);
    } finally {
      await m.close();
    }
  });
});
