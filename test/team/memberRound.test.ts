import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, recoverTypedDataAddress, stringToHex, type Address, type Hex } from "viem";
import { teamCallTypedData } from "../../agents/chain/teamSignature.js";
import type { TeamSubmitAnswerMessage, TeamSubmitMessage } from "../../agents/protocol/messages.js";
import { memberRound } from "../../agents/runtime/memberRound.js";
import type { Clock } from "../../agents/runtime/ports.js";
import { InProcessTransport } from "../../agents/transport/InProcessTransport.js";
import type { AgentIdentity, Endpoint } from "../../agents/transport/Transport.js";
import { testRegistry } from "../agents/fixtures/network.js";

const taskId = keccak256(stringToHex("member round")) as Hex;
const team = getAddress(`0x${"7e".repeat(20)}`);
const call = { target: getAddress(`0x${"e5".repeat(20)}`), data: "0x12345678" as Hex, nonce: 0n };
const typed = teamCallTypedData(31337, team, call);

/** The real clock, counting the timers still armed: a round that leaves one keeps a process alive until it fires. */
function countingClock(): Clock & { live: Set<unknown> } {
  const live = new Set<unknown>();
  return {
    live,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const h: NodeJS.Timeout = setTimeout(() => (live.delete(h), fn()), ms);
      live.add(h);
      return h;
    },
    clearTimeout(h) {
      clearTimeout(h as NodeJS.Timeout);
      live.delete(h);
    },
  };
}

type Behaviour = "sign" | "refuse" | "silent" | "drop-first" | { signWith: AgentIdentity };

/** An asker and members on one in-process network; each member answers a `team-submit` as told. */
async function network(behaviours: Behaviour[], timeoutMs = 60_000) {
  const reg = testRegistry();
  const net = new InProcessTransport(reg.security);
  const asker = await net.connect(reg.register());
  const outsider = reg.register();
  const members: Endpoint[] = [];
  const identities: AgentIdentity[] = [];
  /** Connects `identity` as a member that answers as `b` (a restarted member: the same identity on a new endpoint). */
  const join = async (identity: AgentIdentity, b: Behaviour) => {
    const ep = await net.connect(identity);
    let dropped = false;
    ep.onMessage(async (d) => {
      if (d.message.type !== "team-submit" || b === "silent") return;
      // It took the request and died before answering: the request is lost with it.
      if (b === "drop-first" && !dropped) return void (dropped = true);
      const signer = typeof b === "object" ? b.signWith.signer : identity.signer;
      const answer: TeamSubmitAnswerMessage["answer"] =
        b === "refuse" ? { signed: false, code: "hash-mismatch", reason: "not the output's hash" } : { signed: true, signature: await signer.signTypedData(typed as never) };
      await ep.send(d.from.address, { type: "team-submit-answer", taskId, team, answer });
    });
    return ep;
  };
  for (const b of behaviours) {
    const identity = reg.register();
    identities.push(identity);
    members.push(await join(identity, b));
  }
  const clock = countingClock();
  const round = memberRound({ endpoint: asker, clock, answerType: "team-submit-answer", timeoutMs });
  const request = (): TeamSubmitMessage => ({ type: "team-submit", taskId, client: asker.self.address, team, output: "x", call: { ...call, nonce: "0" } });
  const collect = (to: Address[] = members.map((m) => m.self.address)) =>
    round.collect(to, { taskId, team, what: "the team's submit call", request, recover: (signature) => recoverTypedDataAddress({ ...typed, signature }) });
  return { reg, net, asker, outsider, members, identities, join, clock, round, collect };
}

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected the round to fail"); }, (e: unknown) => e as { name: string; code: string; details: Record<string, unknown> });

describe("memberRound (a team's signing round over the network)", function () {
  this.timeout(20_000);

  it("collects each member's own signature of the digest asked for, in member order, and leaves no timer", async () => {
    const { members, clock, collect } = await network(["sign", "sign"]);
    const signatures = await collect();
    const signers = await Promise.all(signatures.map((signature) => recoverTypedDataAddress({ ...typed, signature })));
    expect(signers).to.deep.equal(members.map((m) => m.self.address));
    expect(clock.live.size).to.equal(0);
  });

  it("error: a refusal fails the round at once with TEAM_MEMBER_REFUSED, and the silent member's wait ends with it (no timer left to keep the process alive)", async () => {
    const { members, clock, collect } = await network(["silent", "refuse"]);
    const started = Date.now();
    const err = await failure(collect());
    expect([err.name, err.code, err.details.member, err.details.refusal]).to.deep.equal(["TeamSigningError", "TEAM_MEMBER_REFUSED", members[1]!.self.address, "hash-mismatch"]);
    // The round waited for neither the silent member's 60 s timer nor anything else.
    expect(clock.live.size).to.equal(0);
    expect(Date.now() - started).to.be.below(10_000);
  });

  it("error: a signature that recovers to someone else is TEAM_BAD_SIGNATURE", async () => {
    const reg = testRegistry();
    const { collect } = await network(["sign", { signWith: reg.register() }]);
    const err = await failure(collect());
    expect([err.name, err.code]).to.deep.equal(["TeamSigningError", "TEAM_BAD_SIGNATURE"]);
  });

  it("error: an answer from anyone but the member asked does not count: the member stays silent and the round ends TEAM_MEMBER_SILENT", async () => {
    const { net, asker, outsider, members, clock, collect } = await network(["silent"], 300);
    const running = failure(collect());
    // A registered outsider answers the asker in the member's place, with a valid signature of its own.
    const stranger = await net.connect(outsider);
    const signature = await outsider.signer.signTypedData(typed as never);
    await stranger.send(asker.self.address, { type: "team-submit-answer", taskId, team, answer: { signed: true, signature } });
    const err = await running;
    expect([err.name, err.code, err.details.member]).to.deep.equal(["TeamSigningError", "TEAM_MEMBER_SILENT", members[0]!.self.address]);
    expect(clock.live.size).to.equal(0);
  });

  it("error: closing the round (the agent stops) ends a wait under way with TEAM_ROUND_CANCELLED and leaves no timer", async () => {
    const { clock, round, collect } = await network(["silent"]);
    const running = failure(collect());
    await new Promise((r) => setTimeout(r, 50));
    round.close();
    const err = await running;
    expect([err.name, err.code]).to.deep.equal(["TeamSigningError", "TEAM_ROUND_CANCELLED"]);
    expect(clock.live.size).to.equal(0);
  });

  it("error: a member that cannot be reached for the whole round is TEAM_MEMBER_UNREACHABLE, and no timer is left", async () => {
    const { members, clock, collect } = await network(["sign", "sign"], 1_500);
    await members[1]!.close();
    const err = await failure(collect());
    expect([err.name, err.code]).to.deep.equal(["TeamSigningError", "TEAM_MEMBER_UNREACHABLE"]);
    expect(clock.live.size).to.equal(0);
  });

  it("a member whose process restarts mid-round (unreachable for a while) is asked again with backoff once it is back, and the round completes", async () => {
    const { members, identities, join, clock, collect } = await network(["sign", "sign"], 10_000);
    await members[1]!.close();
    const running = collect();
    await new Promise((r) => setTimeout(r, 800));
    members[1] = await join(identities[1]!, "sign");
    const signatures = await running;
    const signers = await Promise.all(signatures.map((signature) => recoverTypedDataAddress({ ...typed, signature })));
    expect(signers).to.deep.equal(members.map((m) => m.self.address));
    expect(clock.live.size).to.equal(0);
  });

  it("a member that took the request and died before answering is asked again and answers the second request", async () => {
    const { net, members, clock, collect } = await network(["sign", "drop-first"], 10_000);
    const asked: Address[] = [];
    const unobserve = net.observe((o) => void (o.message.type === "team-submit" && asked.push(o.to)));
    const signatures = await collect();
    unobserve();
    expect(signatures).to.have.length(2);
    // The dropping member was asked twice: once lost, once answered.
    expect(asked.filter((a) => a === members[1]!.self.address)).to.have.length(2);
    expect(clock.live.size).to.equal(0);
  });
});
