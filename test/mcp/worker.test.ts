import { writeFile } from "node:fs/promises";
import { describe, it } from "mocha";
import { expect } from "chai";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { getAddress, keccak256, stringToHex, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { meetingOutput } from "../../agents/llm/simulatedOutput.js";
import type { Manager } from "../../agents/manager/Manager.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { startAgent } from "../../agents/wiring/startAgent.js";
import { connectMcp, errorCode, startMcpMarket, until } from "./mcpMarket.js";

const ADA = getAddress(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.firstWorker }).address);

describe("mcp worker (./run mcp -- --role worker) against a built-in manager", function () {
  this.timeout(240_000);

  it("lists the announcement, bids, wins, delivers work that passes, is paid and reviews the client; refused calls send nothing", async () => {
    const m = await startMcpMarket();
    const managerWallet = m.wallets[DEV_ROLES.manager]!;
    const manager = getAddress(managerWallet.account!.address);
    await m.mint(manager, 100_000_000n);
    await m.approveEscrow(managerWallet);
    const log = new RecordingLogger();
    const running = await startAgent(
      { ROLE: "manager", BOARD_PORT: 0, POLL_MS: 200, START_BLOCK: BigInt(m.deployment.escrow.block), INDEXER_URL: m.indexerUrl },
      { llm: { simulated: { workerId: "judge", seed: 1 }, offline: true }, bidWindowMs: 120_000 },
      { publicClient: m.publicClient, walletClient: managerWallet, escrow: m.deployment.escrow.address, registry: { address: m.deployment.registry!.address }, anchor: m.deployment.anchor.address, log },
    );
    const mcp = await connectMcp(m.env, ["--role", "worker", "--profile", "ada"]);
    // MCP_TRANSCRIPT=<file> writes every call and its answer there (the README's transcript comes from it).
    const transcript: string[] = [];
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await mcp.client.callTool({ name, arguments: args });
      transcript.push(`→ ${name} ${JSON.stringify(args)}\n← ${r.isError ? "isError " : ""}${(r.content as { text: string }[])[0]!.text}`);
      return r;
    };
    try {
      // The worker registered at start-up; the manager finds it through the indexer's registry mirror.
      await until("the worker in the registry", async () => {
        const res = await fetch(`${m.indexerUrl}/agents?skills=summarise`);
        const { agents } = (await res.json()) as { agents: { wallet: string; status: string }[] };
        return agents.some((a) => a.wallet.toLowerCase() === ADA.toLowerCase() && a.status === "checked") ? true : undefined;
      });
      const now = (await m.publicClient.getBlock()).timestamp;
      const spec = {
        taskId: keccak256(stringToHex("mcp-worker-1")),
        title: "Summarise the quarterly report",
        description: "Three bullet points.",
        requiredSkills: ["summarise"],
        budget: "5000000",
        token: m.deployment.token.address,
        deadline: Number(now) + 3_600,
        reviewPeriod: 600,
        arbiter: m.deployment.arbiter,
        criteria: { requiredTerms: ["revenue"], forbiddenTerms: ["TODO"], minLength: 60, maxLength: 2_000, rubric: "Three bullets a board member can act on." },
      };
      await (running.agent as Manager).announce(spec);
      const listed = await until("the announcement", async () => {
        const r = (await call("list_announcements")).structuredContent as { announcements: { taskId: string; budget: string; manager: string; criteria: unknown }[] };
        return r.announcements.length ? r.announcements : undefined;
      });
      expect(listed[0]).to.include({ taskId: spec.taskId, budget: "5000000", manager });
      // The acceptance criteria travel with the announcement (defaults filled in), so the model knows what will be checked.
      expect(listed[0]!.criteria).to.deep.equal(spec.criteria);

      // Refused before any transaction: wrong types, unknown task, over budget, not (yet) awarded.
      const txs = await m.txCount(ADA);
      const other = keccak256(stringToHex("nobody's task"));
      const refusals: [string, Record<string, unknown>, string][] = [
        ["place_bid", { taskId: spec.taskId, price: "cheap", successProbability: 0.9, estimatedSteps: 3, rationale: "r" }, "TOOL_INPUT_INVALID"],
        ["place_bid", { taskId: spec.taskId, price: "1", successProbability: 2, estimatedSteps: 3, rationale: "r" }, "TOOL_INPUT_INVALID"],
        ["place_bid", { taskId: other, price: "1", successProbability: 0.9, estimatedSteps: 3, rationale: "r" }, "TASK_UNKNOWN"],
        ["place_bid", { taskId: spec.taskId, price: "5000001", successProbability: 0.9, estimatedSteps: 3, rationale: "r" }, "BID_OVER_BUDGET"],
        ["deliver", { taskId: spec.taskId, output: "too early" }, "TASK_NOT_YOURS"],
        ["deliver", { taskId: "0x12", output: "x" }, "TOOL_INPUT_INVALID"],
        ["claim", { taskId: other }, "TASK_UNKNOWN"],
        ["review", { taskId: spec.taskId, rating: 9 }, "TOOL_INPUT_INVALID"],
        ["review", { taskId: other, rating: 5 }, "TASK_UNKNOWN"],
        ["decline", { taskId: other, reason: "no" }, "TASK_UNKNOWN"],
        ["my_tasks", { all: true }, "TOOL_INPUT_INVALID"],
        ["list_announcements", { x: 1 }, "TOOL_INPUT_INVALID"],
      ];
      for (const [tool, args, code] of refusals) expect(errorCode(await call(tool, args)), `${tool} ${JSON.stringify(args)}`).to.equal(code);
      expect(await m.txCount(ADA)).to.equal(txs);

      const bid = await call("place_bid", { taskId: spec.taskId, price: "2000000", successProbability: 0.9, estimatedSteps: 4, rationale: "I summarise reports daily." });
      expect(bid.structuredContent).to.include({ taskId: spec.taskId, manager, amount: "2000000" });
      expect(errorCode(await call("place_bid", { taskId: spec.taskId, price: "1", successProbability: 0.9, estimatedSteps: 3, rationale: "again" }))).to.equal("BID_EXISTS");

      // The manager awards (funds the escrow with the signed bid) as soon as every asked worker bid.
      const funded = await until("the award", async () => {
        const r = (await call("my_tasks")).structuredContent as { tasks: { taskId: string; status: string; amount: string; next: string }[] };
        return r.tasks.find((t) => t.taskId === spec.taskId && t.status === "Funded");
      });
      expect(funded.amount).to.equal("2000000");
      expect(funded.next).to.match(/^do the work and deliver before /);

      const before = await m.balanceOf(ADA);
      const progress: string[] = [];
      const output = meetingOutput({ ...spec, preferredSkills: [] }, "ada"); // honest work that meets the spec's criteria (no secret format)
      const delivered = await mcp.client.callTool({ name: "deliver", arguments: { taskId: spec.taskId, output } }, CallToolResultSchema, {
        onprogress: (p) => void progress.push(p.message ?? ""),
      });
      expect(delivered.isError, JSON.stringify(delivered.content)).to.not.equal(true);
      expect((delivered.structuredContent as { txHash: Hex }).txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(progress).to.include("submitting the result hash on chain");
      const afterSubmit = await m.txCount(ADA);
      expect(errorCode(await call("deliver", { taskId: spec.taskId, output: "twice" }))).to.equal("TASK_WRONG_STATUS");
      expect(errorCode(await call("decline", { taskId: spec.taskId, reason: "late" }))).to.equal("TASK_WRONG_STATUS");
      expect(await m.txCount(ADA)).to.equal(afterSubmit);

      // The manager's judge accepts the work and releases: the worker is paid the amount minus the 1% fee.
      await until("the release", async () => {
        const r = (await call("my_tasks")).structuredContent as { tasks: { taskId: string; status: string }[] };
        return r.tasks.find((t) => t.taskId === spec.taskId && t.status === "Released");
      });
      expect((await m.balanceOf(ADA)) - before).to.equal(2_000_000n - 20_000n);
      expect(errorCode(await call("claim", { taskId: spec.taskId }))).to.equal("NOTHING_DUE");

      const review = await call("review", { taskId: spec.taskId, rating: 5, comment: "paid on time" });
      expect(review.isError, JSON.stringify(review.content)).to.not.equal(true);
      expect(review.structuredContent).to.include({ subject: manager, rating: 5 });
      expect(errorCode(await call("review", { taskId: spec.taskId, rating: 4 }))).to.equal("ALREADY_REVIEWED");
      const res = await fetch(`${m.indexerUrl}/agents/${manager}/reputation`);
      expect(((await res.json()) as { count: number }).count).to.equal(1);

      const resource = await mcp.client.readResource({ uri: `market://tasks/${spec.taskId}` });
      expect(JSON.parse((resource.contents[0] as { text: string }).text).escrow.status).to.equal("Released");
    } finally {
      if (process.env.MCP_TRANSCRIPT) await writeFile(process.env.MCP_TRANSCRIPT, transcript.join("\n\n") + "\n");
      await mcp.close();
      await running.stop();
      await m.close();
    }
  });
});
