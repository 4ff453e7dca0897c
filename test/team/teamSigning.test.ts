import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import { teamClaimBoundBps, type BidMessage, type Message, type TeamAnswerMessage, type TeamSignMessage } from "../../agents/protocol/messages.js";
import { makeSpec, sendAs, startMarket } from "../agents/fixtures/localMarket.js";

const SKILLS = ["code", "audit"];

/** cody and audra each hold one of the two skills (a team call); rex is registered and no party of it. */
async function teamMarket(audraFactory?: "other") {
  const chain = await network.create();
  const factory = (await chain.viem.deployContract("TeamAccountFactory")).address as Address;
  const other = audraFactory ? ((await chain.viem.deployContract("TeamAccountFactory")).address as Address) : undefined;
  const llm = (id: string) => new SimulatedLlmClient({ workerId: id, seed: 1, trueSuccessRate: 0.95, overconfidence: 1, claimNoise: 0 });
  const { m, logs } = await startMarket(chain, {
    teamFactory: factory,
    workers: [
      { profile: { agentId: "cody", skills: ["code"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("cody") },
      { profile: { agentId: "audra", skills: ["audit"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("audra"), ...(other ? { teamFactory: other } : {}) },
      { profile: { agentId: "rex", skills: ["research"], costPerStep: 50_000, maxSteps: 40 }, llm: llm("rex") },
    ],
  });
  const seen: { message: Message; to: Address; from: Address }[] = [];
  m.transport.observe!((o) => void seen.push({ message: o.message, to: o.to, from: o.from.address }));
  const [cody, audra, rex] = m.accounts.workers as [Address, Address, Address];
  const spec = await makeSpec(m, `team signing ${audraFactory ?? "same"}`, SKILLS);
  await m.manager.announce(spec);
  await m.settle();
  return { m, logs, seen, cody, audra, rex, spec, taskId: spec.taskId.toLowerCase() as Hex, factory };
}

const answers = (seen: { message: Message; from: Address }[], from: Address) =>
  seen.filter((s) => s.message.type === "team-answer" && s.from === from).map((s) => (s.message as TeamAnswerMessage).answer);

describe("team bids signed over the network", function () {
  this.timeout(120_000);

  it("each member signs the team bid with its own key, in answer to the manager's addressed request: the team is funded", async () => {
    const { m, seen, cody, audra, taskId } = await teamMarket();
    try {
      const requests = seen.filter((s) => s.message.type === "team-sign");
      expect(requests.map((s) => [s.from, s.to]).sort()).to.deep.equal([[m.accounts.manager, cody], [m.accounts.manager, audra]].sort());
      for (const member of [cody, audra]) expect(answers(seen, member).map((a) => a.signed)).to.deep.equal([true]);
      // Each member's own claim travels with the request; the team claims no more than their product (each part must succeed).
      const request = requests[0]!.message as TeamSignMessage;
      const bids = seen.filter((s) => s.message.type === "bid").map((s) => s.message as BidMessage);
      expect(request.memberClaimsBps).to.deep.equal(request.members.map((a) => bids.find((b) => getAddress(b.terms.worker) === getAddress(a))!.terms.claimedSuccessBps));
      expect(request.terms.claimedSuccessBps).to.be.at.most(teamClaimBoundBps(request.memberClaimsBps));
      const winner = m.manager.task(taskId)!.winner!;
      expect(winner.team!.members.map((x) => x.address).sort()).to.deep.equal([cody, audra].sort());
      expect(m.workers.map((w) => w.record(taskId)?.team?.address)).to.deep.equal([winner.worker, winner.worker, undefined]);
    } finally {
      await m.close();
    }
  });

  it("error: a request from anyone but the client, for another split, another wallet or other terms gets no signature", async () => {
    const { m, logs, seen, cody, audra, rex } = await teamMarket();
    try {
      const genuine = seen.find((s) => s.message.type === "team-sign" && s.to === audra)!.message as TeamSignMessage;
      const before = seen.length;
      // rex (registered, no party) replays the manager's request in an envelope of its own: not answered at all.
      await sendAs(m, "rex", audra, genuine);
      await m.settle();
      expect(seen.slice(before).filter((s) => s.to === rex)).to.deep.equal([]);
      expect(logs.get("audra")!.warnings()).to.include("team bid not signed: not-the-client");

      // The client itself, asking for what audra did not agree to: each gets a typed refusal and no signature.
      const i = genuine.members.findIndex((a) => getAddress(a) === audra);
      const starved = genuine.sharesBps.map((_, j) => (j === i ? 1 : 10_000 - 1));
      const variants: [string, TeamSignMessage][] = [
        ["share-below-price", { ...genuine, sharesBps: starved }],
        ["team-mismatch", { ...genuine, terms: { ...genuine.terms, worker: rex } }],
        ["terms-mismatch", { ...genuine, terms: { ...genuine.terms, deadline: genuine.terms.deadline + 1n } }],
        ["terms-mismatch", { ...genuine, terms: { ...genuine.terms, expiry: genuine.terms.expiry + 3_600n } }],
        ["bad-split", { ...genuine, members: [...genuine.members].reverse(), sharesBps: [...genuine.sharesBps].reverse() }],
        // The team claims more than its members' own claims support together (their product), or states audra's claim above what audra bid.
        ["claim-too-high", { ...genuine, terms: { ...genuine.terms, claimedSuccessBps: teamClaimBoundBps(genuine.memberClaimsBps) + 1 } }],
        ["claim-mismatch", { ...genuine, memberClaimsBps: genuine.memberClaimsBps.map((c, j) => (j === i ? 10_000 : c)), terms: { ...genuine.terms, claimedSuccessBps: genuine.memberClaimsBps[1 - i]! } }],
      ];
      const mark = seen.length;
      for (const [, request] of variants) await sendAs(m, "manager", audra, request);
      await m.settle();
      const got = answers(seen.slice(mark), audra);
      expect(got.map((a) => (a.signed ? "signed" : a.code))).to.deep.equal(variants.map(([code]) => code));
      expect(seen.slice(mark).filter((s) => s.from === cody)).to.deep.equal([]);
    } finally {
      await m.close();
    }
  });

  it("error: a member that refuses costs the manager one round trip: no team wallet is made, nothing is funded, the task ends unawarded", async () => {
    const { m, logs, seen, audra, taskId } = await teamMarket("other");
    try {
      // audra trusts another factory, so the wallet the manager's factory makes is not one it signs for.
      const refusal = answers(seen, audra);
      expect(refusal.map((a) => (a.signed ? "signed" : a.code))).to.deep.equal(["team-mismatch"]);
      const request = seen.find((s) => s.message.type === "team-sign")!.message as TeamSignMessage;
      expect(await m.publicClient.getCode({ address: request.terms.worker as Address })).to.equal(undefined);
      const r = m.manager.task(taskId)!;
      expect([r.phase, r.outcome, r.winner]).to.deep.equal(["unawarded", "unawarded", undefined]);
      const noTeam = logs.get("manager")!.lines.find((l) => l.msg === "no team awarded")!;
      expect(String(noTeam.details!.reason)).to.contain("refused: team-mismatch");
    } finally {
      await m.close();
    }
  });
});
