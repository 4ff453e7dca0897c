import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, keccak256, parseEther, stringToHex, type Address, type Hex, type WalletClient } from "viem";
import { startChild, stopChild, waitForLine, type Child } from "../../agents/multi/processes.js";
import type { TaskSpec } from "../../agents/protocol/task.js";
import { openMarket } from "./fixtures/openMarket.js";

export const PLAIN_WORKER = "examples/plain-worker.mjs";

/** Starts the plain-JS worker as its own process, funds the two addresses it makes up, and waits until it is registered. */
export async function startPlainWorker(om: Awaited<ReturnType<typeof openMarket>>, env: Record<string, string>, funder: WalletClient) {
  const child = startChild("plain", [PLAIN_WORKER], { RPC_URL: om.rpcUrl, ESCROW_ADDRESS: om.m.escrowAddress, REGISTRY_ADDRESS: om.m.registry, ...env }, (name, line) => {
    if (process.env.AGENT_LOG === "1") console.log(`[${name}] ${line}`);
  });
  const ask = JSON.parse(await waitForLine(child, /"event":"fund-me"/, 30_000)) as { owner: Address; wallet: Address };
  for (const to of [ask.owner, ask.wallet]) await funder.sendTransaction({ to, value: parseEther("1"), account: funder.account!, chain: undefined });
  const reg = JSON.parse(await waitForLine(child, /"event":"registered"/, 60_000)) as { agentId: string; wallet: Address };
  return { child, agentId: reg.agentId, wallet: getAddress(reg.wallet) };
}

/** A haiku task (a skill only the plain worker has) whose criteria an honest writer can meet. */
export async function haikuSpec(om: Awaited<ReturnType<typeof openMarket>>, label: string): Promise<TaskSpec> {
  const now = (await om.m.publicClient.getBlock()).timestamp;
  return {
    taskId: keccak256(stringToHex(label)) as Hex,
    title: `Haiku ${label}`,
    description: "A haiku about escrow, then a one-line conclusion.",
    requiredSkills: ["haiku"],
    preferredSkills: [],
    budget: "5000000",
    token: om.m.token.address,
    deadline: Number(now) + 3_600,
    reviewPeriod: 600,
    arbiter: om.m.accounts.arbiter,
    criteria: { requiredTerms: ["haiku", "escrow", "conclusion"], forbiddenTerms: ["TODO"], minLength: 80, maxLength: 2_000, rubric: "Is it a haiku about escrow?" },
  };
}

describe("a worker written in plain JavaScript from docs/PROTOCOL.md (examples/plain-worker.mjs)", function () {
  this.timeout(240_000);

  const run = async (miss: boolean) => {
    const chain = await network.create();
    const om = await openMarket(chain, { workers: [], pollIntervalMs: 100, managerOptions: { bidWindowMs: 4_000 } });
    let child: Child | undefined;
    try {
      const [funder] = (await chain.viem.getWalletClients()) as unknown as WalletClient[];
      const plain = await startPlainWorker(om, { SKILLS: "haiku", PRICE: "3000000", ...(miss ? { MISS: "requiredTerm" } : {}) }, funder!);
      child = plain.child;
      const spec = await haikuSpec(om, miss ? "corner-cut" : "honest");
      const report = om.m.manager.outcome(spec.taskId as Hex);
      await om.m.manager.announce(spec);
      const done = await report;
      const record = om.m.manager.task(spec.taskId as Hex)!;
      return { om, plain, done, record, lines: child.lines, balance: await om.m.token.read.balanceOf([plain.wallet]) };
    } finally {
      if (child) await stopChild(child);
      await om.close();
    }
  };

  it("registers with fresh keys at run time, is asked, bids, wins and is paid for output that meets every criterion", async () => {
    const { plain, done, record, lines, balance } = await run(false);
    expect(done.outcome, lines.join("\n")).to.equal("released");
    expect(record.winner?.worker).to.equal(plain.wallet);
    expect(record.verdict?.checks.every((c) => c.passed), JSON.stringify(record.verdict)).to.equal(true);
    // Paid: its 3-token price minus the escrow's 1% fee.
    expect(balance).to.equal(2_970_000n);
    expect(lines.some((l) => /"event":"sent","type":"bid".*"accepted":true/.test(l))).to.equal(true);
    expect(lines.some((l) => /"event":"sent","type":"result".*"accepted":true/.test(l))).to.equal(true);
  });

  it("error: is disputed, and ruled below half, for output that leaves out a required term", async () => {
    const { plain, done, record, lines, balance } = await run(true);
    expect(record.winner?.worker).to.equal(plain.wallet);
    expect(record.verdict?.checks.filter((c) => !c.passed).map((c) => c.check), JSON.stringify(record.verdict)).to.deep.equal(["requiredTerm"]);
    expect(done.outcome, lines.join("\n")).to.equal("ruled");
    expect(balance < 1_500_000n, `paid ${balance}`).to.equal(true);
  });
});
