import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import type { AnnounceMessage, BidMessage, RejectMessage } from "../../agents/protocol/messages.js";
import { makeSpec, startMarket } from "../agents/fixtures/localMarket.js";
import { expectTeamAsk } from "./teamAsk.js";

const BUDGET = 5_000_000n;
const SKILLS = ["code", "audit"];

/**
 * gen has both skills (a single bid covers the task) and claims `genSuccess`; cody and audra each
 * have one of them and claim 0.95. No claim noise, so the claims are exactly these numbers.
 */
async function market(genSuccess: number) {
  const chain = await network.create();
  const factory = (await chain.viem.deployContract("TeamAccountFactory")).address as Address;
  const llm = (id: string, p: number) => new SimulatedLlmClient({ workerId: id, seed: 1, trueSuccessRate: p, overconfidence: 1, claimNoise: 0 });
  const { m, logs } = await startMarket(chain, {
    teamFactory: factory,
    workers: [
      { profile: { agentId: "gen", skills: ["code", "audit"], costPerStep: 50_000, maxSteps: 40 }, llm: llm("gen", genSuccess) },
      { profile: { agentId: "cody", skills: ["code"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("cody", 0.95) },
      { profile: { agentId: "audra", skills: ["audit"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("audra", 0.95) },
    ],
  });
  const seen: { message: unknown; to: Address }[] = [];
  m.transport.observe!((o) => void seen.push({ message: o.message, to: o.to }));
  const [gen, cody, audra] = m.accounts.workers as [Address, Address, Address];
  return { m, logs, seen, gen, cody, audra };
}

const bidsOf = (seen: { message: unknown }[]) => seen.map((s) => s.message as BidMessage).filter((x) => x.type === "bid");
/** What a bid is worth to the client: budget x claimed success - price (formTeams' single value, calibration 1 without history). */
const singleValue = (b: BidMessage) => Number(BUDGET) * b.estimate.successProbability - Number(b.terms.amount);

describe("manager award loop: a team against the best single bid", function () {
  this.timeout(120_000);

  it("awards a team when its expected value beats the best single bid, though one bidder covers every skill", async () => {
    const { m, seen, gen, cody, audra } = await market(0.55);
    try {
      const spec = await makeSpec(m, "team beats single", SKILLS, BUDGET);
      const taskId = spec.taskId.toLowerCase() as Hex;
      await m.manager.announce(spec);
      await m.settle();

      // A team call although gen has both skills: the specialists were asked too, and all three bid.
      const announces = seen.filter((s) => (s.message as AnnounceMessage).type === "announce");
      expect(announces.map((s) => s.to).sort()).to.deep.equal([gen, cody, audra].sort());
      expect(announces.every((s) => (s.message as AnnounceMessage).teamCall === true)).to.equal(true);
      const bids = bidsOf(seen);
      expect(bids.map((b) => getAddress(b.terms.worker)).sort()).to.deep.equal([gen, cody, audra].sort());

      // gen's single bid was a valid, eligible bid (claim 0.55 >= 0.5), yet the team is worth more.
      const genBid = bids.find((b) => getAddress(b.terms.worker) === gen)!;
      const winner = m.manager.task(taskId)!.winner!;
      expect(winner.team, "awarded to a team").to.not.equal(undefined);
      expect(winner.team!.members.map((x) => x.address).sort()).to.deep.equal([cody, audra].sort());
      expect(winner.team!.expectedValue).to.be.greaterThan(singleValue(genBid));
      const chain = await createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress }).getTask({ client: m.accounts.manager, taskId });
      // The team's value is budget x 0.95 x 0.95 minus what it asks: enough to pay each member its price under its share.
      expectTeamAsk(chain.terms.amount, winner.team!.members);
      expect(winner.team!.expectedValue).to.be.closeTo(Number(BUDGET) * 0.95 * 0.95 - Number(chain.terms.amount), 1);
      // Funded for the team wallet, which then delivered through its lead (every member signing the submit call) and was released.
      expect(getAddress(chain.terms.worker)).to.equal(getAddress(winner.worker));
      expect(chain.status).to.equal("Released");
      // gen is told it was outbid by the team; the members are not rejected.
      const rejects = seen.map((s) => s.message as RejectMessage).filter((x) => x.type === "reject");
      expect(rejects.map((r) => [getAddress(r.worker), r.code])).to.deep.equal([[gen, "outbid"]]);
    } finally {
      await m.close();
    }
  });

  it("awards the single bid when no team is worth more than it", async () => {
    const { m, seen, gen, cody, audra } = await market(0.95);
    try {
      const spec = await makeSpec(m, "single beats team", SKILLS, BUDGET);
      const taskId = spec.taskId.toLowerCase() as Hex;
      await m.manager.announce(spec);
      await m.settle();

      const bids = bidsOf(seen);
      expect(bids.map((b) => getAddress(b.terms.worker)).sort()).to.deep.equal([gen, cody, audra].sort());
      // The best team (cody and audra) would be worth budget x 0.95 x 0.95 minus their prices: less than gen alone.
      const price = (w: Address) => Number(bids.find((b) => getAddress(b.terms.worker) === w)!.terms.amount);
      const genBid = bids.find((b) => getAddress(b.terms.worker) === gen)!;
      expect(Number(BUDGET) * 0.95 * 0.95 - price(cody) - price(audra)).to.be.lessThan(singleValue(genBid));

      const winner = m.manager.task(taskId)!.winner!;
      expect(winner.team).to.equal(undefined);
      expect(getAddress(winner.worker)).to.equal(gen);
      const chain = await createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress }).getTask({ client: m.accounts.manager, taskId });
      expect(getAddress(chain.terms.worker)).to.equal(gen);
      const rejects = seen.map((s) => s.message as RejectMessage).filter((x) => x.type === "reject");
      expect(rejects.map((r) => getAddress(r.worker)).sort()).to.deep.equal([cody, audra].sort());
      expect(rejects.every((r) => r.code === "outbid")).to.equal(true);
    } finally {
      await m.close();
    }
  });
});
