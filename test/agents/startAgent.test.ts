import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, maxUint256, stringToHex, type Address, type PublicClient, type WalletClient } from "viem";
import { AgentError } from "../../agents/errors.js";
import { loadAgentConfig } from "../../agents/wiring/agentConfig.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { startAgent, type RunningAgent } from "../../agents/wiring/startAgent.js";
import type { Manager } from "../../agents/manager/Manager.js";
import { profiles } from "./fixtures/localMarket.js";
import { chainDirectory } from "../../agents/registry/chainDirectory.js";
import { registerLocalAgents } from "../../agents/wiring/registerLocalAgents.js";
import { localAccounts } from "../../agents/wiring/localAccounts.js";
import { deployLocalMarket } from "../../agents/deploy/deployLocalMarket.js";

const KEY = `0x${"11".repeat(32)}`;

describe("startAgent (one process per agent, each its own A2A endpoint on loopback)", function () {
  this.timeout(30_000);

  it("a manager, a worker and an arbiter started separately settle a task posted to the board", async () => {
    const chain = await network.create();
    const { viem } = chain;
    const { manager: managerW, workers: [workerW], arbiter: arbiterW } = await localAccounts(viem, 1);
    const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
    const deployment = await deployLocalMarket(chain);
    const token = await viem.getContractAt("MockUSDC", deployment.token.address);
    const escrow = deployment.escrow.address;
    await token.write.mint([managerW!.account!.address, 10_000_000n]);
    const asManager = await viem.getContractAt("MockUSDC", token.address, { client: { wallet: managerW as never } });
    await asManager.write.approve([escrow, maxUint256]);
    const registry = { address: deployment.registry!.address, block: BigInt(deployment.registry!.block) };

    const base = { BOARD_PORT: 0, POLL_MS: 100, START_BLOCK: 0n, INDEXER_URL: undefined };
    const logs: RecordingLogger[] = [];
    const io = (walletClient: WalletClient) => {
      const log = new RecordingLogger();
      logs.push(log);
      return { publicClient, walletClient, escrow, registry, log };
    };
    const llm = { simulated: { workerId: "alice", seed: 1, trueSuccessRate: 1 }, offline: true };
    // No roster: the worker registers, and the manager finds it in the registry.
    // Registered here with an in-process card: startAgent keeps the id and re-publishes the card
    // with the A2A endpoint it serves.
    const reg = await registerLocalAgents(publicClient, [{ name: "alice", wallet: workerW!, ...profiles.alice }], registry);
    const directory = chainDirectory({ publicClient, registry: reg.registry, fromBlock: reg.fromBlock });
    const running: RunningAgent[] = [];
    try {
      const manager = await startAgent({ ...base, ROLE: "manager" }, { llm: { offline: true }, bidWindowMs: 2_000 }, { ...io(managerW!), directory });
      running.push(manager);
      const boardUrl = manager.boardUrl!;
      running.push(await startAgent({ ...base, ROLE: "worker" }, { profile: { ...profiles.alice, agentId: reg.agentIds[0]! }, llm }, io(workerW!)));
      // The worker kept its registered id; its card now names the A2A endpoint it serves.
      expect(running[1]!.agentId.toString()).to.equal(reg.agentIds[0]);
      expect((await directory.capable(["translate"]))[0]!.url).to.equal(running[1]!.a2aUrl);
      running.push(await startAgent({ ...base, ROLE: "arbiter" }, { llm: { offline: true } }, io(arbiterW!)));

      const now = (await publicClient.getBlock()).timestamp;
      const spec = {
        taskId: keccak256(stringToHex("processes")),
        title: "Translate a note",
        description: "Translate it.",
        requiredSkills: ["translate"],
        budget: "5000000",
        token: token.address,
        deadline: Number(now) + 3_600,
        reviewPeriod: 600,
        arbiter: arbiterW!.account!.address,
      };
      const bad = await fetch(`${boardUrl}/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...spec, budget: -1 }) });
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal("TASK_INVALID");

      const posted = await fetch(`${boardUrl}/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
      expect(posted.status).to.equal(202);
      let status: { outcome: string | null; worker: string | null } = { outcome: null, worker: null };
      for (let i = 0; i < 200 && !status.outcome; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = (await (await fetch(`${boardUrl}/tasks/${spec.taskId}`)).json()) as typeof status;
      }
      expect(status.outcome, JSON.stringify(logs.map((l) => l.lines))).to.equal("released");
      expect(status.worker?.toLowerCase()).to.equal(workerW!.account!.address.toLowerCase());
      expect((await token.read.balanceOf([workerW!.account!.address])) > 0n).to.equal(true);
      // The manager's public list: the task, its one bid counted, and not the signed bid it holds.
      const listed = await (await fetch(`${boardUrl}/tasks`)).text();
      const { manager: lister, tasks } = JSON.parse(listed) as { manager: string; tasks: { announcedAt: number }[] };
      expect(lister).to.equal(manager.address);
      expect(tasks[0]!.announcedAt).to.be.within(Number(now), Number(now) + 60);
      expect(tasks).to.deep.equal([{ taskId: spec.taskId, client: manager.address, requiredSkills: ["translate"], deadline: spec.deadline, announcedAt: tasks[0]!.announcedAt, bidsReceived: 1, phase: "awarded" }]);
      const held = (manager.agent as Manager).task(spec.taskId)!.winner!.signature;
      expect(listed.toLowerCase()).to.not.include(held.toLowerCase().slice(2));
    } finally {
      for (const r of running.reverse()) await r.stop();
    }
  });

  it("error: a bad environment or config file is a typed ConfigError that never echoes the key", async () => {
    const bad = await loadAgentConfig({ ROLE: "worker", PRIVATE_KEY: "0xnotakey" }).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(AgentError);
    expect((bad as AgentError).code).to.equal("CONFIG_INVALID");
    expect((bad as Error).message).to.match(/PRIVATE_KEY/).and.not.match(/notakey/);
    const noProfile = await loadAgentConfig({ ROLE: "worker", PRIVATE_KEY: KEY, AGENT_CONFIG: "w.json" }, async () => "{}").catch((e: unknown) => e);
    expect((noProfile as Error).message).to.match(/profile/);
    const ok = await loadAgentConfig({ ROLE: "worker", PRIVATE_KEY: KEY, AGENT_CONFIG: "w.json" }, async () => JSON.stringify({ profile: profiles.alice }));
    expect(ok.role.profile?.agentId).to.equal("alice");
    expect(ok.env.POLL_MS).to.equal(1_000);
  });
});
