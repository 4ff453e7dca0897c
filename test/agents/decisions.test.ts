import { describe, it } from "mocha";
import { expect } from "chai";
import { zeroAddress, zeroHash, type Hex } from "viem";
import { decideManager, verdict } from "../../agents/manager/decide.js";
import { decideWorker, isCapable, priceFor } from "../../agents/worker/decide.js";
import { rulingBps } from "../../agents/arbiter/evidenceBook.js";
import { resultHash } from "../../agents/protocol/hashes.js";
import { ratingFor } from "../../agents/runtime/ratingFor.js";
import { outcomeOf, TASK_STATUSES } from "../../agents/protocol/taskLifecycle.js";
import { mkdtempSync } from "node:fs";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { checkResult } from "../../agents/manager/checkResult.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import { tmpdir } from "node:os";
import { FileStore } from "../../agents/runtime/FileStore.js";
import { ManualClock } from "../../agents/runtime/ManualClock.js";
import { poll } from "../../agents/runtime/poll.js";
import type { EscrowTask } from "../../agents/runtime/ports.js";
import { spec } from "./fixtures/messages.js";

const task = (over: Partial<EscrowTask>): EscrowTask => ({
  taskId: zeroHash,
  status: "Funded",
  since: 0,
  terms: {
    client: zeroAddress,
    worker: zeroAddress,
    arbiter: zeroAddress,
    token: zeroAddress,
    amount: 1_000n,
    deadline: 100n,
    reviewPeriod: 10n,
    feeBps: 0,
    referrerShareBps: 0,
    fallbackWorkerBps: 5_000,
    rulingWindow: 600,
    feeRecipient: zeroAddress,
    referrer: zeroAddress,
  },
  specHash: zeroHash,
  claimedSuccessBps: 0,
  ...over,
});
const submission = (resultHash: Hex, reviewDeadline: bigint) => ({ submission: { resultHash, reviewDeadline } });
const dispute = (rulingDeadline: bigint) => ({ dispute: { disputant: zeroAddress, reasonHash: zeroHash, rulingDeadline } });
const open = { finalized: false };

describe("decideManager", () => {
  it("waits before the deadline and refunds only once it has passed", () => {
    expect(decideManager(open, task({}), 100n, 60n).kind).to.equal("wait");
    expect(decideManager(open, task({}), 101n, 60n).kind).to.equal("refund");
  });

  it("judges a delivered result whose hash matches the submitted one", () => {
    const out = "done";
    const a = decideManager({ ...open, result: { output: out, hash: resultHash(out) } }, task({ status: "Submitted", ...submission(resultHash(out), 700n) }), 200n, 60n);
    expect(a.kind).to.equal("judge");
  });

  it("error: disputes a delivered result whose hash differs from the submitted one", () => {
    const a = decideManager({ ...open, result: { output: "x", hash: resultHash("x") } }, task({ status: "Submitted", ...submission(resultHash("y"), 700n) }), 200n, 60n);
    expect(a).to.deep.equal({ kind: "dispute", reason: `result hash ${resultHash("x")} != submitted ${resultHash("y")}` });
  });

  it("disputes an undelivered result before the review window would let it auto-release", () => {
    const t = task({ status: "Submitted", ...submission(resultHash("y"), 700n) });
    expect(decideManager(open, t, 639n, 60n).kind).to.equal("wait");
    expect(decideManager(open, t, 640n, 60n)).to.deep.equal({ kind: "dispute", reason: "result never delivered off-chain" });
  });

  it("settles by fallback only after the ruling window, and finalizes every terminal status once", () => {
    const t = task({ status: "Disputed", ...dispute(500n) });
    expect(decideManager(open, t, 500n, 60n).kind).to.equal("wait");
    expect(decideManager(open, t, 501n, 60n).kind).to.equal("settle-fallback");
    for (const status of TASK_STATUSES.slice(4)) {
      expect(decideManager(open, task({ status }), 0n, 60n)).to.deep.equal({ kind: "finalize", outcome: outcomeOf(status) });
      expect(decideManager({ finalized: true }, task({ status }), 0n, 60n).kind).to.equal("wait");
    }
  });

  it("releases at the acceptance threshold and disputes below it", () => {
    expect(verdict(0.7, 0.7)).to.equal("release");
    expect(verdict(0.6999, 0.7)).to.equal("dispute");
  });
});

describe("decideWorker", () => {
  const local = { hasSpec: true, executed: false, failed: false, finalized: false };
  it("executes, then submits, then claims auto-release after the review window", () => {
    expect(decideWorker(local, task({}), 50n).kind).to.equal("execute");
    expect(decideWorker({ ...local, executed: true }, task({}), 50n).kind).to.equal("submit");
    const submitted = task({ status: "Submitted", ...submission(zeroHash, 700n) });
    expect(decideWorker({ ...local, executed: true }, submitted, 700n).kind).to.equal("wait");
    expect(decideWorker({ ...local, executed: true }, submitted, 701n).kind).to.equal("auto-release");
  });

  it("declines when execution failed or the spec is unknown, and does nothing after the deadline", () => {
    expect(decideWorker({ ...local, failed: true }, task({}), 50n).kind).to.equal("decline");
    expect(decideWorker({ ...local, hasSpec: false }, task({}), 50n).kind).to.equal("decline");
    expect(decideWorker(local, task({}), 101n).kind).to.equal("wait");
  });

  it("settles a dispute by the fallback split only once the ruling window has passed", () => {
    const disputed = task({ status: "Disputed", ...dispute(500n) });
    expect(decideWorker({ ...local, executed: true }, disputed, 500n)).to.deep.equal({ kind: "wait" });
    expect(decideWorker({ ...local, executed: true }, disputed, 501n)).to.deep.equal({ kind: "settle-fallback" });
  });

  it("finalizes each settled task once with its outcome, and waits on a task with no escrow yet", () => {
    for (const status of TASK_STATUSES.slice(4)) {
      expect(decideWorker(local, task({ status }), 0n), status).to.deep.equal({ kind: "finalize", outcome: outcomeOf(status) });
      expect(decideWorker({ ...local, finalized: true }, task({ status }), 0n), status).to.deep.equal({ kind: "wait" });
    }
    expect(decideWorker(local, task({ status: TASK_STATUSES[0] }), 0n)).to.deep.equal({ kind: "wait" });
    expect(decideManager(open, task({ status: TASK_STATUSES[0] }), 0n, 60n)).to.deep.equal({ kind: "wait" });
  });

  it("submits up to the deadline second, and says why it declines", () => {
    expect(decideWorker({ ...local, executed: true }, task({}), 100n)).to.deep.equal({ kind: "submit" });
    expect(decideWorker({ ...local, failed: true }, task({}), 50n)).to.deep.equal({ kind: "decline", reason: "execution failed" });
    expect(decideWorker({ ...local, hasSpec: false }, task({}), 50n)).to.deep.equal({ kind: "decline", reason: "task spec unknown (lost before restart)" });
  });

  it("bids only with every required skill and prices cost x markup, rounded up", () => {
    const profile = { agentId: "w", skills: ["summarise"], costPerStep: 1, maxSteps: 1 };
    expect(isCapable(profile, { ...spec, requiredSkills: ["summarise"] })).to.equal(true);
    expect(isCapable(profile, { ...spec, requiredSkills: ["summarise", "code"] })).to.equal(false);
    expect(priceFor(1000, 1.2)).to.equal(1200n);
    expect(priceFor(0.1, 1.2)).to.equal(1n);
  });
});

describe("rulingBps", () => {
  it("gives the judge's score in basis points for matching evidence, and nothing otherwise", () => {
    const h = resultHash("out") as Hex;
    expect(rulingBps({ output: "out", submittedHash: h }, 0.25)).to.equal(2_500);
    expect(rulingBps({ output: "other", submittedHash: h }, 0.9)).to.equal(0);
    expect(rulingBps({ submittedHash: h }, undefined)).to.equal(0);
  });
});

describe("ratingFor", () => {
  it("rates a released worker by the judge score and a silent client below a prompt one", () => {
    expect(ratingFor("client", "released", 0.95)).to.equal(5);
    expect(ratingFor("client", "refunded")).to.equal(1);
    expect(ratingFor("worker", "released")).to.be.above(ratingFor("worker", "auto-released"));
  });
});

describe("ManualClock and poll", () => {
  it("fires due timers in order on advance and polls without overlap until stopped", async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(2), 200);
    clock.setTimeout(() => fired.push(1), 100);
    const cancelled = clock.setTimeout(() => fired.push(3), 150);
    clock.clearTimeout(cancelled);
    clock.advance(250);
    expect(fired).to.deep.equal([1, 2]);
    let ticks = 0;
    const stop = poll(clock, 10, async () => void ticks++);
    for (let i = 0; i < 3; i++) {
      clock.advance(10);
      await new Promise((r) => setImmediate(r));
    }
    stop();
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    expect(ticks).to.equal(3);
  });
});

describe("FileStore", () => {
  it("keeps values across instances on the same file, as after a process restart", () => {
    const path = `${mkdtempSync(`${tmpdir()}/agent-store-`)}/sub/state.json`;
    const a = new FileStore(path);
    a.set("task:1", { phase: "awarded", score: 0.9 });
    a.set("nonce", 3);
    const b = new FileStore(path);
    expect(b.get("task:1")).to.deep.equal({ phase: "awarded", score: 0.9 });
    expect(b.keys("task:")).to.deep.equal(["task:1"]);
    expect(b.get("missing")).to.equal(undefined);
  });
});

describe("checkResult", () => {
  it("accepts a result signed by the awarded worker over the hash of the output as received", async () => {
    const worker = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const escrow = other.address;
    const taskId = `0x${"ab".repeat(32)}` as Hex;
    const output = "the work";
    const sign = (who: typeof worker, hash: Hex) => who.signTypedData(resultTypedData(31337, escrow, { taskId, resultHash: hash }));
    const msg = { type: "result" as const, taskId, worker: worker.address, output, resultHash: resultHash(output), signature: await sign(worker, resultHash(output)) };
    expect(await checkResult(msg, { chainId: 31337, escrow, worker: worker.address })).to.deep.equal({ ok: true, hash: resultHash(output) });
    // error: the same signature on a different output, another signer, another chain, or garbage
    expect((await checkResult({ ...msg, output: "tampered" }, { chainId: 31337, escrow, worker: worker.address })).ok).to.equal(false);
    const forged = await checkResult({ ...msg, signature: await sign(other, resultHash(output)) }, { chainId: 31337, escrow, worker: worker.address });
    expect(forged).to.deep.include({ ok: false, signer: other.address });
    expect((await checkResult(msg, { chainId: 1, escrow, worker: worker.address })).ok).to.equal(false);
    expect((await checkResult({ ...msg, signature: `0x${"00".repeat(65)}` }, { chainId: 31337, escrow, worker: worker.address })).ok).to.equal(false);
  });
});
