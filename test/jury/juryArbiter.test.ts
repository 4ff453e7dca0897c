import { describe, it } from "mocha";
import { expect } from "chai";
import { keccak256, stringToHex } from "viem";
import type { WalletClient } from "viem";
import { juryCaseId, juryCommitment } from "../../agents/chain/juryCommitment.js";
import { AMOUNT, FEE_BPS, escrowFixture } from "../escrow/fixture.js";

const COMMIT = 3_600n;
const REVEAL = 3_600n;

/** The escrow fixture plus a registry, a JuryArbiter (panel 5, quorum 3) and seven jurors in its pool. */
async function juryFixture() {
  const f = await escrowFixture();
  const wallets = (await f.viem.getWalletClients()) as unknown as WalletClient[];
  const jurors = wallets.slice(7, 14);
  const registry = await f.viem.deployContract("MockAgentRegistry");
  const jury = await f.viem.deployContract("JuryArbiter", [f.escrow.address, registry.address, 5, 3, Number(COMMIT), Number(REVEAL)]);
  for (const [i, w] of jurors.entries()) {
    await registry.write.register([f.a(w)]);
    await jury.write.joinPool([BigInt(i + 1)], { account: w.account! });
  }
  return { ...f, jurors, registry, jury };
}

describe("JuryArbiter", () => {
  it("a 5-juror panel settles a disputed task over commit and reveal: the escrow pays the median split", async () => {
    const f = await juryFixture();
    const { bid, disputedAt } = await f.disputed({ arbiter: f.jury.address });
    const terms = await f.as(f.client).getTerms(bid);
    const caseId = juryCaseId(f.a(f.client), bid.taskId);

    await f.jury.write.openCase([bid.taskId, terms], { account: f.stranger.account! });
    await f.networkHelpers.mine(1);
    await f.jury.write.drawPanel([caseId], { account: f.stranger.account! });
    const [agentIds, seated] = await f.jury.read.panelOf([caseId]);
    expect(agentIds).to.have.length(5);
    expect(new Set(seated).size).to.equal(5);

    const votes = [6_000, 7_000, 2_000, 6_500, 9_000];
    const byAddress = new Map(f.jurors.map((w) => [f.a(w), w]));
    const panel = seated.map((addr) => byAddress.get(addr)!);
    for (const [i, w] of panel.entries()) {
      const salt = keccak256(stringToHex(`salt-${i}`));
      const commitment = juryCommitment(caseId, f.a(w), votes[i]!, salt);
      expect(await f.jury.read.commitmentOf([caseId, f.a(w), votes[i]!, salt])).to.equal(commitment);
      await f.jury.write.commit([caseId, commitment], { account: w.account! });
    }
    await f.at(disputedAt + COMMIT + 1n);
    for (const [i, w] of panel.entries()) {
      await f.jury.write.reveal([caseId, votes[i]!, keccak256(stringToHex(`salt-${i}`))], { account: w.account! });
    }

    const clientBefore = await f.balance(f.a(f.client));
    await f.jury.write.execute([caseId, terms], { account: f.stranger.account! });
    const gross = (AMOUNT * 6_500n) / 10_000n;
    const fee = (gross * BigInt(FEE_BPS)) / 10_000n;
    expect(await f.balance(f.a(f.worker))).to.equal(gross - fee);
    expect(await f.balance(f.a(f.client))).to.equal(clientBefore + AMOUNT - gross);
    const view = await f.as(f.client).getTask(bid);
    expect(view.status).to.equal("Ruled");
    expect((await f.jury.read.caseOf([caseId])).ruling).to.equal(6_500);
  });

  it("error: without a quorum the case lapses, no-shows are recorded and the escrow's fallback applies", async () => {
    const f = await juryFixture();
    const { bid, disputedAt } = await f.disputed({ arbiter: f.jury.address });
    const terms = await f.as(f.client).getTerms(bid);
    const caseId = juryCaseId(f.a(f.client), bid.taskId);
    await f.jury.write.openCase([bid.taskId, terms]);
    await f.networkHelpers.mine(1);
    await f.jury.write.drawPanel([caseId]);
    const [agentIds, seated] = await f.jury.read.panelOf([caseId]);
    const first = f.jurors.find((w) => f.a(w) === seated[0])!;
    const salt = keccak256(stringToHex("only one"));
    await f.jury.write.commit([caseId, juryCommitment(caseId, f.a(first), 9_000, salt)], { account: first.account! });
    await f.at(disputedAt + COMMIT + 1n);
    await f.jury.write.reveal([caseId, 9_000, salt], { account: first.account! });
    await f.at(disputedAt + COMMIT + REVEAL + 1n);
    let reason = "";
    try {
      await f.jury.write.execute([caseId, terms]);
    } catch (err) {
      reason = String(err);
    }
    expect(reason).to.match(/JuryArbiterNoQuorum/);
    await f.jury.write.lapse([caseId]);
    expect(await f.jury.read.missedReveals([agentIds[0]!])).to.equal(0n);
    for (const id of agentIds.slice(1)) expect(await f.jury.read.missedReveals([id])).to.equal(1n);
    const window = BigInt(terms.rulingWindow);
    await f.at(disputedAt + window + 1n);
    await f.as(f.stranger).settleFallback(bid);
    expect((await f.as(f.client).getTask(bid)).status).to.equal("FallbackSettled");
  });
});
