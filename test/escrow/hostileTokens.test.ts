import { describe, it } from "mocha";
import { expect } from "chai";
import { encodeFunctionData, getAddress } from "viem";
import { taskEscrowAbi } from "../../agents/chain/escrow.js";
import { AMOUNT, RESULT, escrowFixture } from "./fixture.js";
import type { EscrowFixture } from "./fixture.js";

const FEE = AMOUNT / 100n;

async function withToken<T extends { address: `0x${string}` }>(f: EscrowFixture, token: T): Promise<T> {
  const usable = token as unknown as {
    write: {
      mint: (a: [`0x${string}`, bigint]) => Promise<unknown>;
      approve: (a: [`0x${string}`, bigint], o: { account: NonNullable<typeof f.client.account> }) => Promise<unknown>;
    };
  };
  await usable.write.mint([f.a(f.client), 10n * AMOUNT]);
  await usable.write.approve([f.escrow.address, 10n * AMOUNT], { account: f.client.account! });
  return token;
}

describe("TaskEscrow with hostile tokens", () => {
  it("credits a blocklisted worker's payout instead of locking the task; other tasks settle normally", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("BlocklistToken"));
    const blocked = await f.funded({ token: token.address });
    const second = await f.funded({ token: token.address });
    await token.write.setBlocked([f.a(f.worker), true]);
    await f.as(f.client).release(blocked);
    expect(await f.escrow.read.creditOf([f.a(f.worker), token.address])).to.equal(AMOUNT - FEE);
    // The client and fee recipient are untouched; the refund path of another task still pays out.
    await f.networkHelpers.time.increase(3_601);
    const clientBefore = await token.read.balanceOf([f.a(f.client)]);
    await f.as(f.stranger).refund(second);
    expect(await token.read.balanceOf([f.a(f.client)])).to.equal(clientBefore + AMOUNT);
    // The worker withdraws the credit to an address that is not blocked.
    await f.as(f.worker).withdraw({ token: token.address, to: f.a(f.stranger) });
    expect(await token.read.balanceOf([f.a(f.stranger)])).to.equal(AMOUNT - FEE);
    expect(await token.read.balanceOf([f.escrow.address])).to.equal(FEE);
  });

  it("credits payouts of a token that starts returning false; nobody loses funds", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("ReturnsFalseToken"));
    const bid = await f.funded({ token: token.address });
    await token.write.setFailing([true]);
    await f.as(f.client).release(bid);
    expect((await f.as(f.client).getTask(bid)).status).to.equal("Released");
    expect(await f.escrow.read.creditOf([f.a(f.worker), token.address])).to.equal(AMOUNT - FEE);
    await token.write.setFailing([false]);
    await f.as(f.worker).withdraw({ token: token.address, to: f.a(f.worker) });
    expect(await token.read.balanceOf([f.a(f.worker)])).to.equal(AMOUNT - FEE);
  });

  it("blocks re-entry on payout: a second release of the same task fails and nothing is paid twice", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("ReentrantToken"));
    const bid = await f.funded({ token: token.address });
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    const terms = await f.as(f.client).getTerms(bid);
    const again = encodeFunctionData({ abi: taskEscrowAbi, functionName: "release", args: [bid.taskId, terms] });
    // Swallowing mode: the token carries on after its failed re-entry.
    await token.write.arm([f.escrow.address, again, false]);
    await f.as(f.client).release(bid);
    expect(await token.read.attacks()).to.equal(1n);
    expect(await token.read.lastAttackSucceeded()).to.equal(false);
    expect(await token.read.balanceOf([f.a(f.worker)])).to.equal(AMOUNT - FEE);
    expect(await token.read.balanceOf([f.escrow.address])).to.equal(FEE);
  });

  it("error: a re-entry during funding reverts the funding; nothing moves", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("ReentrantToken"));
    const open = await f.funded({ token: token.address });
    const terms = await f.as(f.client).getTerms(open);
    const steal = encodeFunctionData({ abi: taskEscrowAbi, functionName: "release", args: [open.taskId, terms] });
    await token.write.arm([f.escrow.address, steal, true]);
    const bid = await f.makeBid({ token: token.address });
    const err = await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(String(err)).to.contain("ReentrancyGuardReentrantCall");
    expect(await token.read.balanceOf([f.escrow.address])).to.equal(AMOUNT);
    expect((await f.as(f.client).getTask(open)).status).to.equal("Funded");
  });

  it("credits the payout when a reentrant token reverts the transfer, and the task stays settled", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("ReentrantToken"));
    const a = await f.funded({ token: token.address });
    const b = await f.funded({ token: token.address });
    const termsB = await f.as(f.client).getTerms(b);
    const stealB = encodeFunctionData({ abi: taskEscrowAbi, functionName: "decline", args: [b.taskId, termsB] });
    await token.write.arm([f.escrow.address, stealB, true]);
    await f.as(f.client).release(a);
    expect(await f.escrow.read.creditOf([f.a(f.worker), getAddress(token.address)])).to.equal(AMOUNT - FEE);
    expect((await f.as(f.client).getTask(b)).status).to.equal("Funded");
    await token.write.disarm();
    await f.as(f.client).release(b);
    await f.as(f.worker).withdraw({ token: token.address, to: f.a(f.worker) });
    expect(await token.read.balanceOf([f.a(f.worker)])).to.equal(2n * (AMOUNT - FEE));
    expect(await token.read.balanceOf([f.escrow.address])).to.equal(2n * FEE);
  });

  it("isolates a rebasing token: a positive rebase pays everyone, a negative one never blocks settlement or other tokens", async () => {
    const f = await escrowFixture();
    const token = await withToken(f, await f.viem.deployContract("RebasingToken"));
    const usdcTask = await f.funded();
    const a = await f.funded({ token: token.address });
    const b = await f.funded({ token: token.address });
    const c = await f.funded({ token: token.address });

    await token.write.rebase([2n * 10n ** 18n]); // +100%: the surplus stays in the escrow
    await f.as(f.client).release(a);
    expect(await token.read.balanceOf([f.a(f.worker)])).to.equal(AMOUNT - FEE);

    await token.write.rebase([10n ** 18n / 4n]); // then down to a quarter: under-collateralised
    await f.as(f.client).release(b);
    await f.as(f.client).release(c);
    // Neither release reverted: what the token could not deliver is credited, to be withdrawn
    // if the token ever recovers, and the tasks are settled.
    expect(await f.escrow.read.creditOf([f.a(f.worker), token.address])).to.equal(2n * (AMOUNT - FEE));
    for (const id of [a, b, c]) {
      expect((await f.as(f.client).getTask(id)).status).to.equal("Released");
    }
    // Another token's escrow in the same contract is untouched.
    await f.as(f.client).release(usdcTask);
    expect(await f.balance(f.a(f.worker))).to.equal(AMOUNT - FEE);
  });
});
