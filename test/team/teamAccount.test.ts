import { describe, it } from "mocha";
import { expect } from "chai";
import { encodeFunctionData, getAddress } from "viem";
import type { Address, WalletClient } from "viem";
import { signBid, taskEscrowAbi } from "../../agents/chain/escrow.js";
import { encodeTeamSignature, signTeamCall, sortTeam } from "../../agents/chain/teamSignature.js";
import { formTeams } from "../../agents/market/teams.js";
import { AMOUNT, FEE_BPS, RESULT, escrowFixture, expectRevert } from "../escrow/fixture.js";
import { coldTermsHash, hotTerms } from "../../agents/chain/escrowTerms.js";

/**
 * A real TaskEscrow (fixture) plus the team formTeams picks for a task needing three skills that three
 * different fresh wallets hold, made by the factory with its Shapley shares.
 */
async function teamFixture() {
  const f = await escrowFixture();
  const wallets = (await f.viem.getWalletClients()) as unknown as WalletClient[];
  const people = wallets.slice(7, 10);
  const skills = ["code", "audit", "translate"];
  const decision = formTeams(
    { requiredSkills: skills, reward: 1 },
    people.map((w, i) => ({ agentId: f.a(w), success: { [skills[i]!]: 0.9 + i * 0.03 }, cost: 0.05 * (i + 1) })),
  );
  expect(decision.award).to.equal("team");
  const picked = decision.teams[0]!;
  const sorted = sortTeam(picked.members as Address[], picked.sharesBps);
  const byAddress = new Map(people.map((w) => [f.a(w), w]));
  const members = sorted.members.map((m) => byAddress.get(m)!);
  const factory = await f.viem.deployContract("TeamAccountFactory");
  const dust = sorted.members[1]!;
  const team = getAddress(await factory.read.predict([sorted.members, sorted.shares, dust]));
  await factory.write.create([sorted.members, sorted.shares, dust]);
  const account = await f.viem.getContractAt("TeamAccount", team);
  return { ...f, members, shares: sorted.shares, dust, team, account };
}

describe("TeamAccount as a TaskEscrow worker", () => {
  it("a team bids with every member's signature, submits through execute, is released and pays exact shares", async () => {
    const f = await teamFixture();
    const bid = await f.makeBid({ worker: f.team });
    const parts = await Promise.all(
      f.members.map(async (w) => ({ member: f.a(w), signature: await signBid(w, f.chainId, f.escrow.address, bid) })),
    );
    await f.as(f.client).fund({ bid: bid, signature: encodeTeamSignature(parts) });

    const terms = await f.as(f.client).getTerms(bid);
    const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "submit", args: [bid.taskId, hotTerms(terms), coldTermsHash(terms), RESULT] });
    const signatures = await signTeamCall(f.members, f.chainId, f.team, { target: f.escrow.address, data, nonce: 0n });
    await f.account.write.execute([f.escrow.address, data, signatures], { account: f.stranger.account! });
    expect((await f.as(f.client).getTask(bid)).status).to.equal("Submitted");

    await f.as(f.client).release(bid);
    const paid = AMOUNT - (AMOUNT * BigInt(FEE_BPS)) / 10_000n;
    expect(await f.balance(f.team)).to.equal(paid);

    await f.account.write.distribute([f.usdc.address], { account: f.stranger.account! });
    const owed = f.shares.map((s) => (paid * BigInt(s)) / 10_000n);
    const dust = paid - owed.reduce((a, b) => a + b, 0n);
    for (const [i, w] of f.members.entries()) {
      const expected = owed[i]! + (f.a(w) === f.dust ? dust : 0n);
      expect(await f.balance(f.a(w))).to.equal(expected);
    }
    expect(await f.balance(f.team)).to.equal(0n);
  });

  it("error: a bid missing one member's signature cannot be funded", async () => {
    const f = await teamFixture();
    const bid = await f.makeBid({ worker: f.team });
    const parts = await Promise.all(
      f.members.slice(1).map(async (w) => ({ member: f.a(w), signature: await signBid(w, f.chainId, f.escrow.address, bid) })),
    );
    await expectRevert(f.as(f.client).fund({ bid: bid, signature: encodeTeamSignature(parts) }), "TaskEscrowInvalidSignature", [bid.taskId, f.team]);
  });

  it("error: the team's calls need every member too", async () => {
    const f = await teamFixture();
    const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "cancelNonce", args: [1n] });
    const signatures = await signTeamCall(f.members.slice(0, 2), f.chainId, f.team as Address, {
      target: f.escrow.address,
      data,
      nonce: 0n,
    });
    let reverted = false;
    try {
      await f.account.write.execute([f.escrow.address, data, signatures], { account: f.stranger.account! });
    } catch (err) {
      reverted = /TeamAccountUnauthorizedCall/.test(String(err));
    }
    expect(reverted, "execute with two of three signatures").to.equal(true);
    expect(await f.account.read.nonce()).to.equal(0n);
  });
});
