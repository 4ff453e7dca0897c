import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Hex, WalletClient } from "viem";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";
import { resultHash, specHash } from "../../agents/protocol/hashes.js";
import { resultTypedData } from "../../agents/protocol/resultTypedData.js";
import type { BidMessage, Message } from "../../agents/protocol/messages.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import type { LocalMarket } from "../../agents/wiring/createLocalMarket.js";
import { balances, makeSpec, onFirst, sendAs, startMarket } from "./fixtures/localMarket.js";

async function termsFor(m: LocalMarket, spec: TaskSpec, worker: Hex, over: Partial<BidTerms> = {}): Promise<BidTerms> {
  const now = (await m.publicClient.getBlock()).timestamp;
  return {
    taskId: spec.taskId as Hex,
    specHash: specHash(spec),
    client: m.accounts.manager,
    worker,
    token: m.token.address,
    amount: 100_000n,
    arbiter: m.accounts.arbiter,
    deadline: BigInt(spec.deadline),
    reviewPeriod: BigInt(spec.reviewPeriod),
    expiry: now + 600n,
    nonce: 42n,
    claimedSuccessBps: 9_900,
    ...over,
  };
}

function bidMessage(terms: BidTerms, signature: Hex, agentId: string): BidMessage {
  return {
    type: "bid",
    taskId: terms.taskId,
    agentId,
    terms,
    signature,
    estimate: { price: terms.amount.toString(), estimatedSteps: 1, estimatedSeconds: 10, successProbability: terms.claimedSuccessBps / 10_000, rationale: "cheapest" },
  };
}

async function sign(m: LocalMarket, signer: { signTypedData: WalletClient["signTypedData"] } | ReturnType<typeof privateKeyToAccount>, terms: BidTerms): Promise<Hex> {
  const chainId = await m.publicClient.getChainId();
  return (signer.signTypedData as (a: unknown) => Promise<Hex>)({ ...bidTypedData(chainId, m.escrowAddress, terms), account: (signer as WalletClient).account });
}

/**
 * Runs one task with messages (prepared beforehand) sent to the manager right after the
 * announcement, each signed as the registered agent `as` (the test plays it); resolves with its report.
 */
async function runWith(m: LocalMarket, spec: TaskSpec, injected: Message[], as = "alice") {
  const outcome = m.manager.outcome(spec.taskId as Hex);
  await m.manager.announce(spec);
  for (const msg of injected) await sendAs(m, as, m.accounts.manager, msg);
  await m.settle();
  return outcome;
}

describe("manager bid checks", function () {
  this.timeout(30_000);

  it("error: ignores a forged bid whose signature is not the named worker's", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "forged", ["summarise"]);
      const alice = m.accounts.workers[0]!;
      const terms = await termsFor(m, spec, alice);
      const report = await runWith(m, spec, [bidMessage(terms, await sign(m, privateKeyToAccount(generatePrivateKey()), terms), m.idOf("alice"))]);
      const warn = logs.get("manager")!.lines.find((l) => l.msg === "bid refused: bad-signature");
      expect(warn?.details?.detail).to.match(/claims 0x/);
      expect(report.outcome).to.equal("released");
      expect(m.manager.task(spec.taskId as Hex)!.winner!.terms.amount).to.not.equal("100000");
    } finally {
      await m.close();
    }
  });

  it("error: ignores a bid replayed from another task", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      let captured: BidMessage | undefined;
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("alice"), (msg) => (captured = msg as BidMessage));
      const first = await makeSpec(m, "first", ["translate"]);
      await runWith(m, first, []);
      expect(captured).to.not.equal(undefined);
      const second = await makeSpec(m, "second", ["summarise"]);
      await runWith(m, second, [{ ...captured!, taskId: second.taskId }, captured!]);
      const reasons = logs.get("manager")!.warnings();
      expect(reasons).to.include("bid refused: task-mismatch");
      expect(reasons).to.include("bid refused: bidding-closed");
    } finally {
      await m.close();
    }
  });

  it("error: ignores an expired bid", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "expired", ["summarise"]);
      const alice = m.wallets.workers[0]!;
      const now = (await m.publicClient.getBlock()).timestamp;
      const terms = await termsFor(m, spec, m.accounts.workers[0]!, { expiry: now - 1n });
      const report = await runWith(m, spec, [bidMessage(terms, await sign(m, alice, terms), m.idOf("alice"))]);
      expect(logs.get("manager")!.warnings()).to.include("bid refused: expired");
      expect(report.outcome).to.equal("released");
    } finally {
      await m.close();
    }
  });

  it("error: ignores a validly signed bid from a worker without the required skills", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "incapable", ["summarise"]);
      const carol = m.wallets.workers[2]!;
      const terms = await termsFor(m, spec, m.accounts.workers[2]!, { amount: 1n });
      let told: Message | undefined;
      await onFirst(m, (msg) => msg.type === "reject" && msg.worker === m.accounts.workers[2], (msg) => (told = msg));
      const report = await runWith(m, spec, [bidMessage(terms, await sign(m, carol, terms), m.idOf("carol"))], "carol");
      const warn = logs.get("manager")!.lines.find((l) => l.msg === "bid refused: incapable");
      expect(warn?.details?.agentId).to.equal(m.idOf("carol"));
      // The bidder is told why, with a typed code.
      expect(told).to.deep.include({ type: "reject", code: "incapable" });
      expect(report.worker).to.not.equal(m.accounts.workers[2]);
    } finally {
      await m.close();
    }
  });

  it("error: disputes a delivered result whose hash differs from the submitted one, and the arbiter refunds", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "mismatch", ["translate"]);
      const alice = m.accounts.workers[0]!;
      // alice's process dies after bidding; the test plays a lying alice from here on.
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("alice"), () => void m.workers[0]!.stop());
      const before = await balances(m, [m.accounts.manager, alice]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      const liar = createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.workers[0]!, address: m.escrowAddress });
      await liar.submit({ client: m.accounts.manager, taskId: spec.taskId as Hex, resultHash: resultHash("the work I committed to") });
      const output = "something else entirely";
      const chainId = await m.publicClient.getChainId();
      const signature = await m.wallets.workers[0]!.signTypedData({
        account: m.wallets.workers[0]!.account!,
        ...resultTypedData(chainId, m.escrowAddress, { taskId: spec.taskId as Hex, resultHash: resultHash(output) }),
      });
      await sendAs(m, "alice", m.accounts.manager, { type: "result", taskId: spec.taskId, worker: alice, output, resultHash: resultHash(output), signature });
      await m.settle();
      // The arbiter hears both parties before ruling: the liar sends its evidence too.
      const result = { worker: alice, output, resultHash: resultHash(output), signature };
      await sendAs(m, "alice", m.accounts.arbiter, { type: "evidence", taskId: spec.taskId, client: m.accounts.manager, spec, result, reason: "my result" });
      await m.settle();
      const report = await outcome;
      expect(report.outcome).to.equal("ruled");
      expect(await balances(m, [m.accounts.manager, alice])).to.deep.equal(before);
      const disputed = m.manager.task(spec.taskId as Hex);
      expect(disputed?.score).to.equal(undefined); // never judged: the hash check failed first
    } finally {
      await m.close();
    }
  });

  it("error: ignores a result not signed by the awarded worker, so a third party cannot provoke a dispute", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "forged-result", ["translate"]);
      const alice = m.accounts.workers[0]!;
      const attacker = privateKeyToAccount(generatePrivateKey());
      const chainId = await m.publicClient.getChainId();
      const output = "garbage";
      const signature = await attacker.signTypedData(resultTypedData(chainId, m.escrowAddress, { taskId: spec.taskId as Hex, resultHash: resultHash(output) }));
      // Sent under alice's identity, so only the result signature can catch it.
      await onFirst(m, (msg) => msg.type === "award", () => void sendAs(m, "alice", m.accounts.manager, { type: "result", taskId: spec.taskId, worker: alice, output, resultHash: resultHash(output), signature }));
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      const warn = logs.get("manager")!.lines.find((l) => l.msg === "result ignored: not signed by the awarded worker");
      expect(warn?.details?.signer).to.equal(attacker.address);
    } finally {
      await m.close();
    }
  });

  it("error: malformed or unsigned posts to any agent come back as typed errors, reach no agent, and the market carries on", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain);
    try {
      const agents = [m.accounts.manager, ...m.accounts.workers, m.accounts.arbiter];
      for (const to of agents) {
        const codes = [];
        for (const raw of [{ type: "bid", taskId: "0x12", terms: { amount: -1 } }, "not even an object"])
          codes.push(await m.transport.post!(to, raw).then(() => "accepted", (e: { code: string }) => e.code));
        expect(codes, to).to.deep.equal(["ENVELOPE_INVALID", "ENVELOPE_INVALID"]);
      }
      // A well-formed envelope whose payload is not a message is refused as such, by its sender's registered key.
      const code = await sendAs(m, "alice", m.accounts.manager, { type: "bid", taskId: `0x${"12".repeat(32)}` } as unknown as Message).then(() => "accepted", (e: { code: string }) => e.code);
      expect(code).to.equal("MESSAGE_INVALID");
      await m.settle();
      for (const name of ["manager", "alice", "bob", "carol", "arbiter"]) expect(logs.get(name)!.warnings(), name).to.deep.equal([]);
      const spec = await makeSpec(m, "after-garbage", ["summarise"]);
      expect((await runWith(m, spec, [])).outcome).to.equal("released");
    } finally {
      await m.close();
    }
  });
});
