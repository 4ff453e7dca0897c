import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import type { AnnounceMessage, BidMessage, Message } from "../../agents/protocol/messages.js";
import { resultHash } from "../../agents/protocol/hashes.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { createLocalMarket } from "../../agents/wiring/createLocalMarket.js";
import type { LocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { judgeLlm, makeSpec, sendAs } from "../agents/fixtures/localMarket.js";
import { expectTeamAsk } from "./teamAsk.js";

const SKILLS = ["code", "audit", "translate"];
// Three workers with one required skill each (nobody has all three), and one with none of them.
const WORKERS = [
  { agentId: "cody", skills: ["code"], costPerStep: 100_000, maxSteps: 40 },
  { agentId: "audra", skills: ["audit", "research"], costPerStep: 120_000, maxSteps: 40 },
  { agentId: "tran", skills: ["translate"], costPerStep: 80_000, maxSteps: 40 },
  { agentId: "rex", skills: ["research"], costPerStep: 50_000, maxSteps: 40 },
];
const llmOf = (id: string, seed: number) => new SimulatedLlmClient({ workerId: id, seed, trueSuccessRate: 1, overconfidence: 1 });

const escrowRead = (m: LocalMarket) => createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });

async function teamMarket(withFactory: boolean) {
  const chain = await network.create();
  const { viem } = chain;
  const factory = withFactory ? ((await viem.deployContract("TeamAccountFactory")).address as Address) : undefined;
  const llms = WORKERS.map((w, i) => llmOf(w.agentId, i + 1));
  const logs = new Map<string, RecordingLogger>();
  const m = await createLocalMarket({
    chain,
    workers: WORKERS.map((profile, i) => ({ profile, llm: llms[i]! })),
    judge: judgeLlm,
    indexer: { epochSeconds: 60, ...(factory ? { teamFactory: { address: factory } } : {}) },
    ...(factory ? { teamFactory: factory } : {}),
    log: (name) => {
      const l = new RecordingLogger();
      logs.set(name, l);
      return process.env.AGENT_LOG === "1" ? undefined : l;
    },
  });
  // Every message delivered to anyone (the in-process network's wiretap).
  const seen: unknown[] = [];
  const seenFull: { message: Message; from: Address; to: Address }[] = [];
  m.transport.observe!((o) => void (seen.push(o.message), seenFull.push({ message: o.message, from: o.from.address, to: o.to })));
  const factoryAt = factory ? await viem.getContractAt("TeamAccountFactory", factory) : undefined;
  return { m, viem, llms, logs, seen, seenFull, factory: factoryAt };
}

describe("manager award loop: team calls", function () {
  this.timeout(120_000);

  it("awards a task no single worker can do to a team formed from the bids: Shapley shares, one bid signed by every member, released, each member paid its share and credited", async () => {
    const { m, logs, seen, seenFull, factory } = await teamMarket(true);
    const forged = "Result for a forged delivery.";
    try {
      const spec = await makeSpec(m, "three skills", SKILLS);
      const taskId = spec.taskId.toLowerCase() as Hex;
      const outcome = m.manager.outcome(taskId);
      // As soon as the team's award goes out, rex (outside the team) signs a result for it and a member's agent sends it.
      let forging: Promise<void> | undefined;
      m.transport.observe!((o) => {
        if (forging || o.message.type !== "award") return;
        const award = o.message;
        forging = (async () => {
          const rexWallet = m.wallets.workers[3]!;
          const sig = await rexWallet.signTypedData({ account: rexWallet.account!, ...resultTypedData(await m.publicClient.getChainId(), m.escrowAddress, { taskId, resultHash: resultHash(forged) }) });
          await sendAs(m, WORKERS[m.accounts.workers.indexOf(getAddress(o.to))]!.agentId, m.accounts.manager, { type: "result", taskId, worker: award.worker, output: forged, resultHash: resultHash(forged), signature: sig });
        })();
      });
      const before = new Map(await Promise.all(m.accounts.workers.map(async (a) => [a, (await m.token.read.balanceOf([a])) as bigint] as const)));
      await m.manager.announce(spec);
      await m.settle();
      await forging;
      await m.settle();

      // A team call: the holders of each skill were asked and bid for their part; rex (none of the skills) did not.
      const announce = seen.find((x): x is AnnounceMessage => (x as AnnounceMessage).type === "announce")!;
      expect(announce.teamCall).to.equal(true);
      const bids = seen.filter((x): x is BidMessage => (x as BidMessage).type === "bid");
      const rex = m.accounts.workers[3]!;
      const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase()).sort();
      expect(lower(bids.map((b) => b.terms.worker))).to.deep.equal(lower(m.accounts.workers.slice(0, 3)));
      expect(bids.some((b) => getAddress(b.terms.worker) === rex)).to.equal(false);

      // The team: all three (each is the only holder of a skill), shares summing to 10,000, the wallet the factory makes for them.
      const winner = m.manager.task(taskId)!.winner!;
      const team = getAddress(winner.worker);
      const members = winner.team!.members;
      expect(members.map((x) => x.address)).to.deep.equal([...members.map((x) => x.address)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
      expect(lower(members.map((x) => x.address))).to.deep.equal(lower(m.accounts.workers.slice(0, 3)));
      expect(members.reduce((a, x) => a + x.shareBps, 0)).to.equal(10_000);
      expect(await factory!.read.predict([members.map((x) => x.address), members.map((x) => x.shareBps), members[0]!.address])).to.equal(team);
      // Each member's price is what it signed in its own bid; the team asks what pays each member at least that under its share.
      for (const x of members) expect(x.price).to.equal(bids.find((b) => getAddress(b.terms.worker) === x.address)!.terms.amount.toString());
      const chain = await escrowRead(m).getTask({ client: m.accounts.manager, taskId });
      expect(chain.status).to.equal("Released");
      expect(getAddress(chain.terms.worker)).to.equal(team);
      expectTeamAsk(chain.terms.amount, members);
      expect(seen.some((x) => (x as { type: string; worker?: string }).type === "award" && getAddress((x as { worker: string }).worker) === team)).to.equal(true);
      // Members are not told they lost.
      expect(seen.filter((x) => (x as { type: string }).type === "reject")).to.deep.equal([]);

      // The team's side ran over the network: its lead (the first member) did the work and asked every other
      // member, each alone, to sign the team wallet's submit call; each signed with its own key; the lead sent
      // execute and delivered. The hash on the escrow is the delivered output's, and the manager kept that output.
      const lead = members[0]!.address;
      const submits = seenFull.filter((s) => s.message.type === "team-submit");
      expect(submits.map((s) => `${s.from}>${s.to}`).sort()).to.deep.equal(members.slice(1).map((x) => `${lead}>${x.address}`).sort());
      for (const x of members.slice(1)) expect(seenFull.filter((s) => s.message.type === "team-submit-answer" && s.from === x.address).map((s) => (s.message as { answer: { signed: boolean } }).answer.signed)).to.deep.equal([true]);
      const kept = m.manager.task(taskId)!.result!;
      expect(chain.submission!.resultHash).to.equal(resultHash(kept.output));
      expect(kept.output).to.not.equal(forged);

      // The forged result (signed by rex, sent by a member's agent while the team worked) was ignored: the signature decides.
      expect(logs.get("manager")!.warnings()).to.include("result ignored: not signed by the awarded worker");
      expect((await outcome).outcome).to.equal("released");
      const amount = chain.terms.amount;
      const payout = amount - (amount * 100n) / 10_000n;

      // Told of the release, the team's lead distributed at once: the wallet is empty, each member got exactly its
      // share, the rounding dust went to the first member.
      expect(await m.token.read.balanceOf([team])).to.equal(0n);
      expect(m.workers[m.accounts.workers.indexOf(lead)]!.record(taskId)?.teamSettled).to.equal("released");
      const owed = members.map((x) => (payout * BigInt(x.shareBps)) / 10_000n);
      const dust = payout - owed.reduce((a, b) => a + b, 0n);
      const paid = await Promise.all(members.map(async (x) => ((await m.token.read.balanceOf([x.address])) as bigint) - before.get(x.address)!));
      expect(paid).to.deep.equal(owed.map((o, i) => o + (i === 0 ? dust : 0n)));

      // The manager learnt from the outcome per member, and its review of the team counts for each member at the indexer.
      for (const x of members) expect(m.market.tracker.stats(x.agentId).outcomes, x.agentId).to.equal(1);
      await m.syncIndexerClock();
      await m.indexer!.syncJury();
      for (const x of members) {
        expect((await m.indexer!.reputation(x.address)).count, x.agentId).to.equal(1);
        expect((await m.indexer!.teams(x.address)).teams.map((t) => t.team)).to.deep.equal([team]);
      }
    } finally {
      await m.close();
    }
  });

  it("error: without a team factory the same task asks nobody, funds nothing and ends unawarded", async () => {
    const { m, seen } = await teamMarket(false);
    try {
      const spec = await makeSpec(m, "three skills, no teams", SKILLS);
      const taskId = spec.taskId.toLowerCase() as Hex;
      const outcome = m.manager.outcome(taskId);
      await m.manager.announce(spec);
      await m.settle();
      expect((await outcome).outcome).to.equal("unawarded");
      // Nobody holds every skill and no team can be formed: the announcement is sent to nobody.
      expect(seen.filter((x) => (x as AnnounceMessage).type === "announce")).to.deep.equal([]);
      expect(seen.filter((x) => (x as BidMessage).type === "bid")).to.deep.equal([]);
      const none = await escrowRead(m).getTask({ client: m.accounts.manager, taskId }).catch((e: unknown) => e);
      expect((none as Error).name).to.equal("EscrowTaskNotFoundError");
    } finally {
      await m.close();
    }
  });
});
