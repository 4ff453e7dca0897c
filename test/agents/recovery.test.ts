import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, zeroHash, type Hex, type WalletClient } from "viem";
import { bidTypedData, type BidTerms } from "../../agents/protocol/eip712.js";
import { SystemFaultError } from "../../agents/errors.js";
import { MemoryStore } from "../../agents/runtime/MemoryStore.js";
import { Worker } from "../../agents/worker/Worker.js";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { aliceLlm, balances, fee, makeSpec, onFirst, profiles, startMarket } from "./fixtures/localMarket.js";

describe("agent recovery from chain state", function () {
  this.timeout(30_000);

  it("a worker restarted after the award still executes, submits and is paid", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const alice = m.accounts.workers[0]!;
      const spec = await makeSpec(m, "worker-restart", ["translate"]);
      const before = await balances(m, [alice]);
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("alice"), () => void m.workers[0]!.stop());
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect(m.manager.task(spec.taskId as Hex)?.phase).to.equal("awarded");
      expect(m.workers[0]!.record(spec.taskId as Hex)?.output).to.equal(undefined);

      await m.restartWorker(0);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      const amount = BigInt(m.manager.task(spec.taskId as Hex)!.winner!.terms.amount);
      expect((await balances(m, [alice]))[0]! - before[0]!).to.equal(amount - fee(amount));
    } finally {
      await m.close();
    }
  });

  it("a restarted worker is not misled by a 1-unit task a second account funded under the same id", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const alice = m.accounts.workers[0]!;
      const spec = await makeSpec(m, "squatted", ["translate"]);
      // Before the award, a second account funds its own 1-unit task under the announced id.
      const squatter = (await chain.viem.getWalletClients())[15]! as unknown as WalletClient;
      const who = getAddress(squatter.account!.address);
      await m.token.write.mint([who, 1n]);
      await m.token.write.approve([m.escrowAddress, 1n], { account: squatter.account! });
      const squatPort = createEscrowClient({ publicClient: m.publicClient, walletClient: squatter, address: m.escrowAddress });
      const now = await squatPort.now();
      const squat: BidTerms = {
        taskId: spec.taskId as Hex, specHash: zeroHash, client: who, worker: who, token: m.token.address, amount: 1n,
        arbiter: who, deadline: now + 3_600n, reviewPeriod: 600n, expiry: now + 300n, nonce: 1n, claimedSuccessBps: 0,
      };
      await squatPort.fund({ bid: squat, signature: await walletSigner(squatter).signTypedData(bidTypedData(squatPort.chainId, m.escrowAddress, squat)) });

      const before = await balances(m, [alice]);
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("alice"), () => void m.workers[0]!.stop());
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      await m.restartWorker(0);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      const amount = BigInt(m.manager.task(spec.taskId as Hex)!.winner!.terms.amount);
      expect((await balances(m, [alice]))[0]! - before[0]!).to.equal(amount - fee(amount));
      expect((await squatPort.getTask(squat)).status).to.equal("Funded"); // untouched
    } finally {
      await m.close();
    }
  });

  it("a manager restarted after funding asks for the result again and settles", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const alice = m.accounts.workers[0]!;
      const spec = await makeSpec(m, "manager-restart", ["translate"]);
      const before = await balances(m, [alice]);
      await onFirst(m, (msg) => msg.type === "award", () => void m.manager.stop());
      await m.manager.announce(spec);
      await m.settle();
      // The worker submitted and delivered while the manager was down: the result is lost.
      expect(m.workers[0]!.record(spec.taskId as Hex)?.output).to.be.a("string");
      expect(m.manager.task(spec.taskId as Hex)?.result).to.equal(undefined);

      const manager = await m.restartManager();
      await m.settle();
      expect(manager.task(spec.taskId as Hex)?.outcome).to.equal("released");
      const amount = BigInt(manager.task(spec.taskId as Hex)!.winner!.terms.amount);
      expect((await balances(m, [alice]))[0]! - before[0]!).to.equal(amount - fee(amount));
    } finally {
      await m.close();
    }
  });

  it("error: a worker that lost its store declines the awarded task rather than let it time out", async () => {
    const chain = await network.create();
    const { m } = await startMarket(chain);
    try {
      const spec = await makeSpec(m, "lost-store", ["translate"]);
      await onFirst(m, (msg) => msg.type === "bid" && msg.agentId === m.idOf("alice"), () => void m.workers[0]!.stop());
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      const log = new RecordingLogger();
      const amnesiac = new Worker({
        escrow: createEscrowClient({ publicClient: m.publicClient, walletClient: m.wallets.workers[0]!, address: m.escrowAddress }),
        endpoint: await m.transport.connect(m.network.identities.get("alice")!),
        llm: aliceLlm,
        profile: profiles.alice,
        signer: walletSigner(m.wallets.workers[0]!),
        store: new MemoryStore(),
        log,
      });
      await amnesiac.start();
      await m.settle();
      await amnesiac.idle();
      await m.settle();
      expect((await outcome).outcome).to.equal("declined");
      expect(log.lines.find((l) => l.msg === "declining")?.details?.reason).to.match(/spec unknown/);
      await amnesiac.stop();
    } finally {
      await m.close();
    }
  });

  it("error: a manager whose funding receipt is lost believes the chain and carries on with the funded task", async () => {
    const chain = await network.create();
    const { m, logs } = await startMarket(chain, {
      wrapEscrow: (role, port) =>
        role !== "manager"
          ? port
          : {
              ...port,
              fund: async (parameters) => {
                await port.fund(parameters);
                throw new SystemFaultError("RPC timed out waiting for the receipt", { code: "RPC_TIMEOUT" });
              },
            },
    });
    try {
      const spec = await makeSpec(m, "lost-receipt", ["summarise"]);
      const outcome = m.manager.outcome(spec.taskId as Hex);
      await m.manager.announce(spec);
      await m.settle();
      expect((await outcome).outcome).to.equal("released");
      expect(logs.get("manager")!.warnings()).to.include("funding reported an error but the escrow is funded");
      expect(logs.get("manager")!.warnings()).to.not.include("funding failed, trying next bid");
    } finally {
      await m.close();
    }
  });
});
