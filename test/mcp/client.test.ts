import { describe, it } from "mocha";
import { expect } from "chai";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { getAddress, keccak256, stringToHex, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { ensureRegistered } from "../../agents/registry/ensureRegistered.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";
import { startAgent, type RunningAgent } from "../../agents/wiring/startAgent.js";
import { connectMcp, errorCode, startMcpMarket, until } from "./mcpMarket.js";

const CLIENT = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.manager }).address;
const task = (title: string) => ({ title, description: "Translate the note into French.", requiredSkills: ["translate"], budget: "5000000", deadlineSeconds: 3_600, reviewPeriodSeconds: 600 });
// Criteria the built-in worker's honest output meets ("Result for <title>: covers note. ..."), and ones it cannot (it never starts with "Bonjour").
const MET = { requiredTerms: ["note"], forbiddenTerms: ["TODO"], minLength: 40, rubric: "A faithful French translation." };
const UNMET = { requiredTerms: ["translation"], pattern: "^Bonjour" };
type Checks = { passed: boolean | null; results: { check: string; passed: boolean; detail: string }[] };

describe("mcp client (./run mcp -- --role client) hiring a built-in worker", function () {
  this.timeout(300_000);

  it("posts, ranks and awards a bid, gets and releases the result, reviews; a second task is disputed and the arbiter rules; refusals send nothing", async () => {
    const m = await startMcpMarket();
    await m.mint(CLIENT, 100_000_000n);
    const mcp = await connectMcp({ ...m.env, BOARD_PORT: "0" }, ["--role", "client"]);
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await mcp.client.callTool({ name, arguments: args });
      return r;
    };
    const ok = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await call(name, args);
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).to.not.equal(true);
      return r.structuredContent as Record<string, unknown>;
    };
    // The body serves its own A2A endpoint and its registered card names it.
    const a2a = (await ok("market_status")).a2a as string;
    expect(a2a).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${a2a}/.well-known/agent-card.json`)).status).to.equal(200);
    const running: RunningAgent[] = [];
    try {
      // A built-in worker registered in the identity registry (each its own A2A endpoint), and the arbiter.
      const workerWallet = m.wallets[DEV_ROLES.firstWorker + 1]!;
      const worker = getAddress(workerWallet.account!.address);
      const profile = { agentId: "", skills: ["translate"], costPerStep: 100_000, maxSteps: 50 };
      const registry = { publicClient: m.publicClient, walletClient: workerWallet, address: m.deployment.registry!.address };
      const { agentId } = await ensureRegistered(registry, walletSigner(workerWallet), { name: "bo", description: "translator", url: "http://127.0.0.1:1", skills: profile.skills, costPerStep: profile.costPerStep, maxSteps: profile.maxSteps });
      const base = { BOARD_PORT: 0, POLL_MS: 200, START_BLOCK: BigInt(m.deployment.escrow.block), INDEXER_URL: m.indexerUrl };
      const io = (walletClient: (typeof m.wallets)[number]) => ({ publicClient: m.publicClient, walletClient, escrow: m.deployment.escrow.address, registry: { address: m.deployment.registry!.address }, log: new RecordingLogger() });
      running.push(await startAgent({ ...base, ROLE: "worker" }, { profile: { ...profile, agentId: agentId.toString() }, llm: { simulated: { workerId: "bo", seed: 1, trueSuccessRate: 1 }, offline: true } }, io(workerWallet)));
      running.push(await startAgent({ ...base, ROLE: "arbiter" }, { llm: { simulated: { workerId: "arbiter", seed: 1 }, offline: true } }, io(m.wallets[DEV_ROLES.arbiter]!)));
      await until("the worker in the registry", async () => {
        const { agents } = (await (await fetch(`${m.indexerUrl}/agents?skills=translate`)).json()) as { agents: { wallet: string; status: string }[] };
        return agents.some((a) => a.wallet.toLowerCase() === worker.toLowerCase() && a.status === "checked") ? true : undefined;
      });

      const txs = await m.txCount(CLIENT);
      const unknown = keccak256(stringToHex("never posted"));
      for (const [tool, args, code] of [
        ["post_task", { ...task("t"), budget: -5 }, "TOOL_INPUT_INVALID"],
        ["post_task", { ...task("t"), requiredSkills: [] }, "TOOL_INPUT_INVALID"],
        ["post_task", { ...task("t"), criteria: { pattern: "(a+)+$" } }, "TOOL_INPUT_INVALID"],
        ["post_task", { ...task("t"), criteria: { minLength: "ten" } }, "TOOL_INPUT_INVALID"],
        ["post_task", { ...task("t"), criteria: { minLength: 90, maxLength: 10 } }, "TOOL_INPUT_INVALID"],
        ["post_task", { ...task("t"), criteria: { mustRhyme: true } }, "TOOL_INPUT_INVALID"],
        ["list_bids", { taskId: "0xnope" }, "TOOL_INPUT_INVALID"],
        ["award", { taskId: unknown, worker }, "TASK_UNKNOWN"],
        ["get_result", { taskId: unknown }, "TASK_UNKNOWN"],
        ["release", { taskId: unknown }, "TASK_UNKNOWN"],
        ["dispute", { taskId: unknown, reason: "bad" }, "TASK_UNKNOWN"],
        ["dispute", { taskId: unknown }, "TOOL_INPUT_INVALID"],
        ["cancel", { taskId: unknown, reason: "no" }, "TASK_UNKNOWN"],
        ["review", { taskId: unknown, rating: 3 }, "TASK_UNKNOWN"],
      ] as const) expect(errorCode(await call(tool, args)), `${tool} ${JSON.stringify(args)}`).to.equal(code);
      expect(await m.txCount(CLIENT)).to.equal(txs);
      // Bad criteria name the field a model must fix.
      const badPattern = await call("post_task", { ...task("t"), criteria: { pattern: "(a+)+$" } });
      expect((badPattern.content as { text: string }[])[0]!.text).to.match(/criteria\.pattern: unsafe or invalid regular expression/);
      const badLength = await call("post_task", { ...task("t"), criteria: { minLength: "ten" } });
      expect((badLength.content as { text: string }[])[0]!.text).to.include("criteria.minLength");

      // Run 1: post, rank, award, get the result, release, review.
      const a = (await ok("post_task", { ...task("Translate a note"), criteria: MET })).taskId as string;
      // Posting approved the escrow for the budget (workers bid only for a client that can pay): one transaction.
      expect(await m.txCount(CLIENT)).to.equal(txs + 1);
      const afterPost = await m.txCount(CLIENT);
      const progress: string[] = [];
      const listed = await mcp.client.callTool({ name: "list_bids", arguments: { taskId: a, waitSeconds: 30 } }, CallToolResultSchema, { onprogress: (p) => void progress.push(p.message ?? "") });
      const bids = (listed.structuredContent as { bids: { worker: string; price: string; reason: string; eligible: boolean; score: unknown }[] }).bids;
      expect(bids).to.have.length(1);
      expect(bids[0]!.worker).to.equal(worker);
      expect(bids[0]!.reason).to.match(/calibration .* composite .* exploration/);
      // The wait reported progress. (The SDK client may run the last notification after the answer, so "arrived" is not asserted.)
      expect(progress[0]).to.match(/waiting for 1 bid\(s\)|1 bid\(s\) arrived/);
      for (const [tool, args, code] of [
        ["award", { taskId: a, worker: CLIENT }, "BID_UNKNOWN"],
        ["release", { taskId: a }, "TASK_WRONG_STATUS"],
        ["get_result", { taskId: a }, "TASK_WRONG_STATUS"],
        ["review", { taskId: a, rating: 5 }, "TASK_WRONG_STATUS"],
      ] as const) expect(errorCode(await call(tool, args)), tool).to.equal(code);
      expect(await m.txCount(CLIENT)).to.equal(afterPost);

      const before = await m.balanceOf(worker);
      const awarded = await ok("award", { taskId: a, worker });
      expect(awarded.amount).to.equal(bids[0]!.price);
      expect(errorCode(await call("award", { taskId: a, worker }))).to.equal("TASK_WRONG_STATUS");
      const result = await ok("get_result", { taskId: a, waitSeconds: 30 });
      expect(result).to.include({ delivered: true });
      expect(result.checks).to.deep.equal({ signedByWorker: true, hashMatchesChain: true });
      // The acceptance criteria's machine checks, run on the delivered output, one result per check.
      const met = result.machineChecks as Checks;
      expect(met.passed).to.equal(true);
      expect(met.results.map((x) => [x.check, x.passed])).to.deep.equal([["requiredTerm", true], ["forbiddenTerm", true], ["minLength", true]]);
      expect((result.task as { status: string }).status).to.equal("Submitted");
      await ok("release", { taskId: a });
      const paid = await m.balanceOf(worker) - before;
      expect(paid).to.equal(BigInt(bids[0]!.price) - BigInt(bids[0]!.price) / 100n);
      expect(errorCode(await call("dispute", { taskId: a, reason: "too late" }))).to.equal("TASK_WRONG_STATUS");
      expect(await ok("review", { taskId: a, rating: 5, comment: "fast and right" })).to.include({ subject: worker, rating: 5 });

      // A task withdrawn before any award sends no transaction.
      const c = (await ok("post_task", task("Withdrawn"))).taskId as string;
      const beforeCancel = await m.txCount(CLIENT);
      expect(await ok("cancel", { taskId: c, reason: "changed my mind" })).to.include({ onChain: false, status: "withdrawn" });
      expect(await m.txCount(CLIENT)).to.equal(beforeCancel);

      // Run 2: a bid left to expire is refused; a fresh task is awarded, disputed, and the arbiter rules.
      const b = (await ok("post_task", task("Expiring bid"))).taskId as string;
      await ok("list_bids", { taskId: b, waitSeconds: 30 });
      await m.networkHelpers.time.increase(700);
      const beforeExpired = await m.txCount(CLIENT);
      expect(errorCode(await call("award", { taskId: b, worker }))).to.equal("BID_EXPIRED");
      expect(await m.txCount(CLIENT)).to.equal(beforeExpired);

      const d = (await ok("post_task", { ...task("Disputed translation"), criteria: UNMET })).taskId as string;
      await ok("list_bids", { taskId: d, waitSeconds: 30 });
      await ok("award", { taskId: d, worker });
      // The result misses one check: the model sees which one before it disputes.
      const unmet = (await ok("get_result", { taskId: d, waitSeconds: 30 })).machineChecks as Checks;
      expect(unmet.passed).to.equal(false);
      expect(unmet.results.map((x) => [x.check, x.passed])).to.deep.equal([["requiredTerm", true], ["pattern", false]]);
      expect(unmet.results[1]!.detail).to.equal("does not match /^Bonjour/");
      const disputed = await ok("dispute", { taskId: d, reason: "the register is too informal" });
      expect(disputed.rulingDeadline).to.be.a("string");
      const ruled = await until("the arbiter's ruling", async () => {
        const r = await ok("get_result", { taskId: d });
        return (r.task as { status: string }).status === "Ruled" ? r : undefined;
      });
      expect((ruled.task as { status: string }).status).to.equal("Ruled");
      expect(await ok("review", { taskId: d, rating: 2, comment: "needed the arbiter" })).to.include({ rating: 2 });
    } finally {
      for (const r of running.reverse()) await r.stop();
      await mcp.close();
      await m.close();
    }
  });
});
