import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress, parseAbi, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { ensureRegistered } from "../../agents/registry/ensureRegistered.js";
import { RecordingLogger } from "../../agents/runtime/logger.js";
import { walletSigner } from "../../agents/runtime/walletSigner.js";
import { startAgent, type RunningAgent } from "../../agents/wiring/startAgent.js";
import { expectTeamAsk } from "../team/teamAsk.js";
import { connectMcp, errorCode, startMcpMarket, until } from "./mcpMarket.js";

const CLIENT = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.manager }).address;
// Three specialists: nobody holds every skill the task needs, so only a team can win it.
const SPECIALISTS = [
  { name: "cody", skills: ["code"] },
  { name: "audra", skills: ["audit"] },
  { name: "tran", skills: ["translate"] },
];
const teamAbi = parseAbi(["function members() view returns (address[])"]);
type Proposal = { team: string; amount: string; members: { worker: string; agentId: string; shareBps: number; price: string }[] } | null;

describe("mcp client (./run mcp -- --role client) awarding a team", function () {
  this.timeout(300_000);

  it("posts a three-skill task no worker can do alone, sees the proposed team in list_bids, awards it, releases: each member is paid its exact share and credited with the review", async () => {
    const m = await startMcpMarket();
    await m.mint(CLIENT, 100_000_000n);
    const mcp = await connectMcp({ ...m.env, BOARD_PORT: "0" }, ["--role", "client"]);
    const call = (name: string, args: Record<string, unknown> = {}) => mcp.client.callTool({ name, arguments: args });
    const ok = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await call(name, args);
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).to.not.equal(true);
      return r.structuredContent as Record<string, unknown>;
    };
    const running: RunningAgent[] = [];
    try {
      // Three built-in worker processes' agents, each registered with one skill and trusting the deployment's TeamAccountFactory.
      const workers: Address[] = [];
      for (const [i, s] of SPECIALISTS.entries()) {
        const wallet = m.wallets[DEV_ROLES.firstWorker + 1 + i]!;
        const profile = { agentId: "", skills: s.skills, costPerStep: 100_000, maxSteps: 40 };
        const registry = { publicClient: m.publicClient, walletClient: wallet, address: m.deployment.registry!.address };
        const { agentId } = await ensureRegistered(registry, walletSigner(wallet), { name: s.name, description: "specialist", url: "http://127.0.0.1:1", skills: s.skills, costPerStep: profile.costPerStep, maxSteps: profile.maxSteps });
        running.push(
          await startAgent(
            { ROLE: "worker", BOARD_PORT: 0, POLL_MS: 200, START_BLOCK: BigInt(m.deployment.escrow.block), INDEXER_URL: m.indexerUrl },
            { profile: { ...profile, agentId: agentId.toString() }, llm: { simulated: { workerId: s.name, seed: i + 1, trueSuccessRate: 1 }, offline: true } },
            { publicClient: m.publicClient, walletClient: wallet, escrow: m.deployment.escrow.address, registry: { address: m.deployment.registry!.address }, teamFactory: m.deployment.teamFactory!.address, log: new RecordingLogger() },
          ),
        );
        workers.push(getAddress(wallet.account!.address));
      }
      await until("the specialists in the registry", async () => {
        const { agents } = (await (await fetch(`${m.indexerUrl}/agents`)).json()) as { agents: { wallet: string; status: string }[] };
        return workers.every((w) => agents.some((a) => getAddress(a.wallet) === w && a.status === "checked")) ? true : undefined;
      });

      const posted = await ok("post_task", { title: "Ship the patch", description: "Write it, audit it, translate the notes.", requiredSkills: ["code", "audit", "translate"], budget: "20000000", deadlineSeconds: 3_600, reviewPeriodSeconds: 600 });
      const taskId = posted.taskId as string;
      // Each specialist bid for its part; list_bids proposes the team formTeams values (Shapley shares, the amount it asks).
      const listed = await ok("list_bids", { taskId, waitSeconds: 30, minBids: 3 });
      const bids = listed.bids as { worker: string; price: string }[];
      expect(bids.map((b) => getAddress(b.worker)).sort()).to.deep.equal([...workers].sort());
      const proposal = listed.team as Proposal;
      expect(proposal, JSON.stringify(listed.teamReason)).to.not.equal(null);
      expect(proposal!.members.map((x) => getAddress(x.worker))).to.deep.equal([...workers].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
      expect(proposal!.members.reduce((a, x) => a + x.shareBps, 0)).to.equal(10_000);
      for (const x of proposal!.members) expect(x.price).to.equal(bids.find((b) => getAddress(b.worker) === getAddress(x.worker))!.price);
      expectTeamAsk(BigInt(proposal!.amount), proposal!.members);
      // No single bid covers the task: awarding one specialist is refused before any transaction.
      const txs = await m.txCount(CLIENT);
      expect(errorCode(await call("award", { taskId, worker: workers[0] }))).to.equal("BID_PARTIAL");
      expect(await m.txCount(CLIENT)).to.equal(txs);

      const before = await Promise.all(workers.map((w) => m.balanceOf(w)));
      const awarded = await ok("award_team", { taskId });
      const team = getAddress(awarded.team as string);
      expect(team).to.equal(getAddress(proposal!.team));
      expect(awarded.amount).to.equal(proposal!.amount);
      // The wallet exists (created only once every member signed) and its members are the specialists.
      expect((await m.publicClient.readContract({ address: team, abi: teamAbi, functionName: "members" })).map((a) => getAddress(a))).to.deep.equal(proposal!.members.map((x) => getAddress(x.worker)));
      expect(errorCode(await call("award_team", { taskId }))).to.equal("TASK_WRONG_STATUS");

      // The team's lead delivered for the team: its result is accepted and its hash is the one the wallet submitted.
      const result = await ok("get_result", { taskId, waitSeconds: 45 });
      expect(result).to.include({ delivered: true });
      expect(result.checks).to.deep.equal({ signedByWorker: true, hashMatchesChain: true });
      await ok("release", { taskId });

      // The lead distributes on its next look at the chain: the wallet empties into the members by their shares.
      await until("the team's distribution", async () => ((await m.balanceOf(team)) === 0n && (await m.balanceOf(workers[0]!)) > before[0]! ? true : undefined));
      const amount = BigInt(proposal!.amount);
      const payout = amount - amount / 100n;
      const owed = proposal!.members.map((x) => (payout * BigInt(x.shareBps)) / 10_000n);
      const dust = payout - owed.reduce((a, b) => a + b, 0n);
      const paid = await Promise.all(proposal!.members.map(async (x) => (await m.balanceOf(getAddress(x.worker))) - before[workers.indexOf(getAddress(x.worker))]!));
      expect(paid).to.deep.equal(owed.map((o, i) => o + (i === 0 ? dust : 0n)));

      // The review of the team wallet counts for each member at the indexer (it learnt the team from the factory's event).
      expect(await ok("review", { taskId, rating: 5, comment: "the three of them delivered" })).to.include({ subject: team });
      for (const w of workers)
        await until(`the review credited to ${w}`, async () => {
          const r = (await (await fetch(`${m.indexerUrl}/agents/${w}/reputation`)).json()) as { count: number };
          return r.count === 1 ? true : undefined;
        });
    } finally {
      for (const r of running.reverse()) await r.stop();
      await mcp.close();
      await m.close();
    }
  });
});
