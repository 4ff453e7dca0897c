import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { encodeFunctionData, erc20Abi, getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { teamAccountAbi } from "../../agents/chain/teamFactory.js";
import { encodeTeamSignature, teamCallTypedData } from "../../agents/chain/teamSignature.js";
import { teamSubmitCall } from "../../agents/chain/teamSubmitCall.js";
import { SimulatedLlmClient } from "../../agents/llm/simulated.js";
import type { LlmTask } from "../../agents/llm/types.js";
import { resultHash } from "../../agents/protocol/hashes.js";
import type { Message, TeamSubmitAnswerMessage, TeamSubmitMessage } from "../../agents/protocol/messages.js";
import type { EscrowPort } from "../../agents/runtime/ports.js";
import { makeSpec, sendAs, startMarket } from "../agents/fixtures/localMarket.js";

/** A worker whose model cannot do the work: as a team's lead it delivers nothing, so the test plays the lead. */
class ModelDown extends SimulatedLlmClient {
  override async execute(_task: LlmTask): Promise<never> {
    throw new Error("model unavailable");
  }
}

/**
 * cody and audra each hold one of two skills, so the manager awards the task to their team; rex is
 * registered and no party of it. `lagging` makes the non-lead member's chain reads miss every task
 * (its node has not seen the funding); `modelDown` takes the lead's model away.
 */
async function teamTask(o: { modelDown?: boolean; lagging?: boolean }) {
  const chain = await network.create();
  const factory = (await chain.viem.deployContract("TeamAccountFactory")).address as Address;
  const Llm = o.modelDown ? ModelDown : SimulatedLlmClient;
  const llm = (id: string) => new Llm({ workerId: id, seed: 1, trueSuccessRate: 0.95, overconfidence: 1, claimNoise: 0 });
  let laggard: Address | undefined;
  const lag = (port: EscrowPort): EscrowPort => ({ ...port, getTask: (ref) => (laggard && port.account === laggard ? Promise.reject(new Error("block not yet seen")) : port.getTask(ref)) }) as EscrowPort;
  const { m, logs } = await startMarket(chain, {
    teamFactory: factory,
    teamTimeoutMs: 2_000,
    ...(o.lagging ? { wrapEscrow: (role: string, port: EscrowPort) => (role === "worker" ? lag(port) : port) } : {}),
    workers: [
      { profile: { agentId: "cody", skills: ["code"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("cody") },
      { profile: { agentId: "audra", skills: ["audit"], costPerStep: 60_000, maxSteps: 40 }, llm: llm("audra") },
      { profile: { agentId: "rex", skills: ["research"], costPerStep: 50_000, maxSteps: 40 }, llm: llm("rex") },
    ],
  });
  const [cody, audra] = m.accounts.workers as [Address, Address];
  const [lead, other] = BigInt(cody) < BigInt(audra) ? [cody, audra] : [audra, cody];
  const name = (a: Address) => (a === cody ? "cody" : "audra");
  laggard = other;
  const seen: { message: Message; to: Address; from: Address }[] = [];
  m.transport.observe!((x) => void seen.push({ message: x.message, to: x.to, from: x.from.address }));
  const spec = await makeSpec(m, `team submit ${JSON.stringify(o)}`, ["code", "audit"]);
  const taskId = spec.taskId.toLowerCase() as Hex;
  const outcome = m.manager.outcome(taskId);
  await m.manager.announce(spec);
  await m.settle();
  const escrow = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
  const team = getAddress(m.manager.task(taskId)!.winner!.worker);
  return { chain, m, logs, seen, lead, other, name, taskId, team, escrow, outcome };
}

const answersFrom = (seen: { message: Message; from: Address }[], from: Address, mark = 0) =>
  seen.slice(mark).filter((s) => s.message.type === "team-submit-answer" && s.from === from).map((s) => (s.message as TeamSubmitAnswerMessage).answer);

describe("a team's submit call signed over the network", function () {
  this.timeout(120_000);

  it("error: a member signs only the escrow's submit of its own task's hash at the wallet's nonce: a stranger, the client, a transfer out, another hash, a stale nonce or another client get no signature", async () => {
    const { m, logs, seen, lead, other, name, taskId, team, escrow } = await teamTask({ modelDown: true });
    try {
      // The lead's model failed: nothing was submitted, the task waits Funded for the team.
      const task = await escrow.getTask({ client: m.accounts.manager, taskId });
      expect([task.status, getAddress(task.terms.worker)]).to.deep.equal(["Funded", team]);
      const output = "Our joint deliverable.";
      const nonce = await m.publicClient.readContract({ address: team, abi: teamAccountAbi, functionName: "nonce" });
      const call = teamSubmitCall(m.escrowAddress, task, resultHash(output), nonce);
      const genuine: TeamSubmitMessage = { type: "team-submit", taskId, client: m.accounts.manager, team, output, call: { target: call.target, data: call.data, nonce: nonce.toString() } };

      // Asked by anyone but a fellow member (a registered stranger, the client itself): no answer at all.
      let mark = seen.length;
      await sendAs(m, "rex", other, genuine);
      await sendAs(m, "manager", other, genuine);
      await m.settle();
      expect(seen.slice(mark).filter((s) => s.from === other)).to.deep.equal([]);
      expect(logs.get(name(other))!.warnings().filter((w) => w === "team call not signed: not a fellow member")).to.have.lengthOf(2);

      // The lead asking for anything but that one call gets a typed refusal and no signature.
      const drain = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [lead, 1_000_000n] });
      const otherHash = teamSubmitCall(m.escrowAddress, task, resultHash("something else"), nonce).data;
      const variants: [string, TeamSubmitMessage][] = [
        ["call-mismatch", { ...genuine, call: { ...genuine.call, target: m.token.address, data: drain } }],
        ["call-mismatch", { ...genuine, call: { ...genuine.call, data: drain } }],
        ["hash-mismatch", { ...genuine, call: { ...genuine.call, data: otherHash } }],
        ["stale-nonce", { ...genuine, call: { ...genuine.call, nonce: (nonce + 1n).toString() } }],
        ["not-funded", { ...genuine, client: m.accounts.workers[2]! }],
      ];
      mark = seen.length;
      for (const [, request] of variants) await sendAs(m, name(lead), other, request);
      await m.settle();
      expect(answersFrom(seen, other, mark).map((a) => (a.signed ? "signed" : a.code))).to.deep.equal(variants.map(([code]) => code));

      // The genuine request from the lead is signed with the member's own key, and with the lead's that is enough for the wallet.
      mark = seen.length;
      await sendAs(m, name(lead), other, genuine);
      await m.settle();
      const [answer] = answersFrom(seen, other, mark);
      if (!answer?.signed) throw new Error("the genuine request was not signed");
      const typed = teamCallTypedData(await m.publicClient.getChainId(), team, call);
      expect(await recoverTypedDataAddress({ ...typed, signature: answer.signature })).to.equal(other);
      const leadWallet = m.wallets.workers[m.accounts.workers.indexOf(lead)]!;
      const own = await leadWallet.signTypedData({ account: leadWallet.account!, ...typed });
      const signatures = encodeTeamSignature([{ member: lead, signature: own }, { member: other, signature: answer.signature }]);
      await m.publicClient.waitForTransactionReceipt({ hash: await leadWallet.writeContract({ address: team, abi: teamAccountAbi, functionName: "execute", args: [m.escrowAddress, call.data, signatures], account: leadWallet.account!, chain: leadWallet.chain }) });
      const submitted = await escrow.getTask({ client: m.accounts.manager, taskId });
      expect([submitted.status, submitted.submission?.resultHash]).to.deep.equal(["Submitted", resultHash(output)]);
    } finally {
      await m.close();
    }
  });

  it("error: a member refusing the result after the work is done stops the submission with a typed error, and the escrow's timeout path still refunds the client", async () => {
    const { chain, m, logs, seen, lead, other, name, taskId, team, escrow, outcome } = await teamTask({ lagging: true });
    try {
      // The lead did the work and asked; the member, whose node has not seen the funding, refused.
      expect(answersFrom(seen, other).map((a) => (a.signed ? "signed" : a.code))).to.deep.equal(["not-funded"]);
      expect(logs.get(name(lead))!.warnings()).to.include("team result not submitted: TEAM_MEMBER_REFUSED");
      expect(seen.filter((s) => s.message.type === "result")).to.deep.equal([]);
      const task = await escrow.getTask({ client: m.accounts.manager, taskId });
      expect(task.status).to.equal("Funded");

      // Past the deadline the client takes its timeout refund: the whole amount is back, the team wallet got nothing.
      const before = (await m.token.read.balanceOf([m.accounts.manager])) as bigint;
      await chain.networkHelpers.time.increase(Number(task.terms.deadline) - Number(await escrow.now()) + 1);
      await m.tickAll();
      expect((await outcome).outcome).to.equal("refunded");
      const after = await escrow.getTask({ client: m.accounts.manager, taskId });
      expect(after.status).to.equal("Refunded");
      expect(((await m.token.read.balanceOf([m.accounts.manager])) as bigint) - before).to.equal(task.terms.amount);
      expect(await m.token.read.balanceOf([team])).to.equal(0n);
    } finally {
      await m.close();
    }
  });
});
