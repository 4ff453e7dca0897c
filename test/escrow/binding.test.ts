import { describe, it } from "mocha";
import { expect } from "chai";
import { keccak256, stringToHex } from "viem";
import { createEscrowClient, EscrowRevertError, EscrowTaskNotFoundError } from "../../agents/chain/escrow.js";
import { AMOUNT, REASON, RESULT, escrowFixture } from "./fixture.js";

describe("agents/chain/escrow binding", () => {
  it("returns hash and receipt gas for every write and rebuilds terms from events in a fresh client", async () => {
    const f = await escrowFixture();
    const bid = await f.makeBid();
    const funded = await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) });
    expect(funded.hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(funded.gasUsed > 50_000n).to.equal(true);
    const receipt = await f.publicClient.getTransactionReceipt({ hash: funded.hash });
    expect(receipt.gasUsed).to.equal(funded.gasUsed);
    // A worker-side client that never saw the funding call finds the terms on its own.
    const worker = createEscrowClient({ publicClient: f.publicClient, walletClient: f.worker, address: f.escrow.address });
    await worker.submit({ ...bid, resultHash: RESULT });
    await f.as(f.worker).dispute({ ...bid, reasonHash: REASON });
    const view = await worker.getTask(bid);
    expect(view.status).to.equal("Disputed");
    expect(view.terms.amount).to.equal(AMOUNT);
    expect(view.submission?.resultHash).to.equal(RESULT);
    expect(view.dispute?.disputant).to.equal(f.a(f.worker));
  });

  it("getTask follows one client through every step: no stale submission, dispute or settlement", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    const view = createEscrowClient({ publicClient: f.publicClient, walletClient: f.worker, address: f.escrow.address });
    const funded = await view.getTask(bid);
    expect(funded).to.deep.include({ status: "Funded" });
    expect([funded.submission, funded.dispute, funded.settlement]).to.deep.equal([undefined, undefined, undefined]);
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    const submitted = await view.getTask(bid);
    expect(submitted.status).to.equal("Submitted");
    expect(submitted.submission?.resultHash).to.equal(RESULT);
    expect(submitted.dispute).to.equal(undefined);
    await f.as(f.client).dispute({ ...bid, reasonHash: REASON });
    const disputed = await view.getTask(bid);
    expect(disputed.status).to.equal("Disputed");
    expect(disputed.dispute?.disputant).to.equal(f.a(f.client));
    expect(disputed.settlement).to.equal(undefined);
    await f.as(f.arbiter).rule({ ...bid, workerBps: 5_000 });
    const ruled = await view.getTask(bid);
    expect(ruled.status).to.equal("Ruled");
    expect(ruled.submission?.resultHash).to.equal(RESULT);
    expect(ruled.dispute?.reasonHash).to.equal(REASON);
    expect(ruled.settlement?.workerPayout).to.equal(AMOUNT / 2n - (AMOUNT / 2n) / 100n);
  });

  it("error: a revert becomes EscrowRevertError with the decoded name and arguments", async () => {
    const f = await escrowFixture();
    const bid = await f.funded();
    const err = await f.as(f.stranger).release(bid).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(EscrowRevertError);
    const e = err as EscrowRevertError;
    expect(e.name).to.equal("EscrowRevertError");
    expect(e.kind).to.equal("user");
    expect(e.code).to.equal("ESCROW_REVERT");
    expect(e.errorName).to.equal("TaskEscrowUnauthorized");
    expect(e.args).to.deep.equal([bid.taskId, f.a(f.stranger)]);
    expect(e.details).to.deep.include({ functionName: "release", errorName: "TaskEscrowUnauthorized" });
  });

  it("error: an unknown task is a typed error, not a crash", async () => {
    const f = await escrowFixture();
    const unknown = keccak256(stringToHex("never funded"));
    const read = await f.as(f.client).getTask({ client: f.a(f.client), taskId: unknown }).catch((e: unknown) => e);
    expect(read).to.be.instanceOf(EscrowTaskNotFoundError);
    const write = await f.as(f.client).release({ client: f.a(f.client), taskId: unknown }).catch((e: unknown) => e);
    expect(write).to.be.instanceOf(EscrowTaskNotFoundError);
    expect((write as EscrowTaskNotFoundError).taskId).to.equal(unknown);
  });
});
