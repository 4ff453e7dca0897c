import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, keccak256, stringToHex, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { meetingOutput } from "../../agents/llm/simulatedOutput.js";
import type { Manager } from "../../agents/manager/Manager.js";
import { ensureRegistered } from "../../agents/registry/ensureRegistered.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";
import { startAgent, type RunningAgent } from "../../agents/wiring/startAgent.js";
import { connectMcp, errorCode, startMcpMarket, until } from "./mcpMarket.js";

// ada (an MCP worker host: summarise, translate, research) has the lowest address of the two: it leads the team.
const ADA = getAddress(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.firstWorker }).address);
type TeamTask = { taskId: string; status: string; next: string; team: { wallet: string; lead: boolean; members: string[]; sharesBps: number[] } | null };

describe("mcp worker (./run mcp -- --role worker) leading a team", function () {
  this.timeout(300_000);

  it("a hosted worker with the team's lowest address delivers for the team through deliver: every member signs the wallet's submit call, the client releases and each member is paid its share", async () => {
    const m = await startMcpMarket();
    const managerWallet = m.wallets[DEV_ROLES.manager]!;
    await m.mint(getAddress(managerWallet.account!.address), 100_000_000n);
    await m.approveEscrow(managerWallet);
    const base = { BOARD_PORT: 0, POLL_MS: 200, START_BLOCK: BigInt(m.deployment.escrow.block), INDEXER_URL: m.indexerUrl };
    const io = (walletClient: (typeof m.wallets)[number]) => ({
      publicClient: m.publicClient,
      walletClient,
      escrow: m.deployment.escrow.address,
      registry: { address: m.deployment.registry!.address },
      anchor: m.deployment.anchor.address,
      teamFactory: m.deployment.teamFactory!.address,
      log: new RecordingLogger(),
    });
    const running: RunningAgent[] = [];
    const mcp = await connectMcp(m.env, ["--role", "worker", "--profile", "ada"]);
    const call = (name: string, args: Record<string, unknown> = {}) => mcp.client.callTool({ name, arguments: args });
    const ok = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await call(name, args);
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).to.not.equal(true);
      return r.structuredContent as Record<string, unknown>;
    };
    try {
      running.push(await startAgent({ ...base, ROLE: "manager" }, { llm: { simulated: { workerId: "judge", seed: 1 }, offline: true }, bidWindowMs: 120_000 }, io(managerWallet)));
      // A built-in specialist holding the one skill ada lacks, at a higher address.
      const coderWallet = m.wallets[DEV_ROLES.firstWorker + 2]!;
      const coder = getAddress(coderWallet.account!.address);
      expect(BigInt(ADA) < BigInt(coder)).to.equal(true);
      const profile = { agentId: "", skills: ["code"], costPerStep: 100_000, maxSteps: 40 };
      const registry = { publicClient: m.publicClient, walletClient: coderWallet, address: m.deployment.registry!.address };
      const { agentId } = await ensureRegistered(registry, walletSigner(coderWallet), { name: "cody", description: "coder", url: "http://127.0.0.1:1", ...profile });
      running.push(await startAgent({ ...base, ROLE: "worker" }, { profile: { ...profile, agentId: agentId.toString() }, llm: { simulated: { workerId: "cody", seed: 2, trueSuccessRate: 1 }, offline: true } }, io(coderWallet)));
      await until("both workers in the registry", async () => {
        const { agents } = (await (await fetch(`${m.indexerUrl}/agents`)).json()) as { agents: { wallet: string; status: string }[] };
        return [ADA, coder].every((w) => agents.some((a) => getAddress(a.wallet) === w && a.status === "checked")) ? true : undefined;
      });

      const now = (await m.publicClient.getBlock()).timestamp;
      const spec = {
        taskId: keccak256(stringToHex("mcp-team-lead-1")),
        title: "Summarise the release and patch the changelog script",
        description: "Both parts are needed.",
        requiredSkills: ["summarise", "code"],
        budget: "20000000",
        token: m.deployment.token.address,
        deadline: Number(now) + 3_600,
        reviewPeriod: 600,
        arbiter: m.deployment.arbiter,
        criteria: { requiredTerms: ["release"], forbiddenTerms: ["TODO"], minLength: 40, maxLength: 4_000, rubric: "Both parts done." },
      };
      await (running[0]!.agent as Manager).announce(spec);
      await until("the team call", async () => ((await ok("list_announcements")).announcements as { taskId: string }[]).find((a) => a.taskId === spec.taskId));
      await ok("place_bid", { taskId: spec.taskId, price: "2000000", successProbability: 0.95, estimatedSteps: 4, rationale: "I summarise releases daily." });

      // The manager formed the team of the two bids; ada signed the team bid on its own and sees the task as its team's lead.
      const funded = await until("the team's award", async () => ((await ok("my_tasks")).tasks as TeamTask[]).find((t) => t.taskId === spec.taskId && t.status === "Funded"));
      expect(funded.team).to.not.equal(null);
      expect(funded.team!.lead).to.equal(true);
      expect(funded.team!.members.map((a) => getAddress(a))).to.deep.equal([ADA, coder]);
      expect(funded.next).to.match(/^you lead team 0x[0-9a-fA-F]{40}: do the work and deliver before /);
      const team = getAddress(funded.team!.wallet);
      const before = await Promise.all([ADA, coder].map((a) => m.balanceOf(a)));

      // The host delivers for the team: the coder signs the wallet's submit call, ada's body sends execute and the result.
      const output = meetingOutput({ ...spec, preferredSkills: [] }, "ada");
      const delivered = await ok("deliver", { taskId: spec.taskId, output });
      expect(delivered.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(errorCode(await call("deliver", { taskId: spec.taskId, output: "twice" }))).to.equal("TASK_WRONG_STATUS");
      expect(errorCode(await call("decline", { taskId: spec.taskId, reason: "no" }))).to.equal("TASK_NOT_YOURS");

      // The manager's judge accepts and releases; told of it, ada's body distributes the wallet by the shares.
      await until("the release and distribution", async () => ((await m.balanceOf(team)) === 0n && (await m.balanceOf(ADA)) > before[0]! ? true : undefined));
      const task = ((await ok("my_tasks")).tasks as TeamTask[]).find((t) => t.taskId === spec.taskId)!;
      expect(task.status).to.equal("Released");
      const amount = (running[0]!.agent as Manager).task(spec.taskId)!.winner!.terms.amount;
      const payout = BigInt(amount) - BigInt(amount) / 100n;
      const owed = funded.team!.sharesBps.map((s) => (payout * BigInt(s)) / 10_000n);
      const dust = payout - owed.reduce((a, b) => a + b, 0n);
      const after = await Promise.all([ADA, coder].map((a) => m.balanceOf(a)));
      expect(after.map((a, i) => a - before[i]!)).to.deep.equal([owed[0]! + dust, owed[1]!]);
      expect(errorCode(await call("claim", { taskId: spec.taskId }))).to.equal("NOTHING_DUE");
    } finally {
      await mcp.close();
      for (const r of running.reverse()) await r.stop();
      await m.close();
    }
  });
});
