import { expect } from "chai";
import { describe, it } from "mocha";
import { getAddress, type Address, type Hex } from "viem";
import { buildReviewTree } from "../../agents/indexer/merkle/index.js";
import { agentRows, marketMetrics, partiesOf } from "../../agents/dashboard/model/agents.js";
import { badgeFor } from "../../agents/dashboard/model/proofBadge.js";
import { metricSeries } from "../../agents/dashboard/model/series.js";
import { foldTasks, moneyByToken, type EscrowEvent } from "../../agents/dashboard/model/tasks.js";
import type { ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { randomReviews } from "../anchor/fixtures.js";
import { tamperProof } from "./support/tamperProxy.js";
import { registryEntries } from "../../agents/dashboard/model/registry.js";
import { marketRows } from "../../agents/dashboard/model/marketRows.js";
import type { AnnouncedTask } from "../../agents/protocol/announcedTask.js";

const addr = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`) as Address;
const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const [CLIENT, W1, W2, ARB, TOKEN] = [addr(1), addr(2), addr(3), addr(4), addr(5)];
let log = 0;
const ev = (name: EscrowEvent["name"], task: number, time: number, args: Record<string, unknown> = {}): EscrowEvent => ({
  name,
  args: { taskId: id(task), client: CLIENT, worker: task % 2 ? W1 : W2, ...args },
  block: BigInt(time),
  logIndex: log++,
  time,
});
const funded = (task: number, time: number, amount = 100n) => ev("TaskFunded", task, time, { token: TOKEN, amount, arbiter: ARB, deadline: BigInt(time + 3600) });

describe("dashboard model", () => {
  it("folds escrow events into each task's path, status, deadlines and settlement, whatever order they arrive in", () => {
    const events = [
      funded(1, 10),
      ev("TaskSubmitted", 1, 20, { reviewDeadline: 620n }),
      ev("TaskReleased", 1, 30, { workerPayout: 99n, fee: 1n }),
      funded(2, 11),
      ev("TaskSubmitted", 2, 21, { reviewDeadline: 621n }),
      ev("TaskDisputed", 2, 22, { rulingDeadline: 9_999n }),
      ev("TaskRuled", 2, 40, { workerBps: 5000, workerPayout: 49n, clientRefund: 50n, fee: 1n }),
      funded(3, 12),
      ev("TaskRefunded", 99, 13, { clientRefund: 5n }), // a task funded before the scan: ignored
    ];
    const rows = foldTasks([...events].reverse());
    expect(rows.map((r) => r.status)).to.deep.equal(["released", "ruled", "funded"]);
    expect(rows[1]!.path.map((p) => p.status)).to.deep.equal(["funded", "submitted", "disputed", "ruled"]);
    expect(rows[1]).to.include({ rulingDeadline: 9_999, reviewDeadline: 621, workerBps: 5000, payout: 49n, refund: 50n, settledAt: 40 });
    expect(moneyByToken(rows)).to.deep.equal([{ token: TOKEN, locked: 100n, paid: 148n, refunded: 50n, fees: 2n }]);
  });

  it("counts each worker's earnings, success and dispute rates, and the swarm's metrics as the demo defines them", () => {
    const rows = foldTasks([funded(1, 1), ev("TaskReleased", 1, 2, { workerPayout: 90n, fee: 0n }), funded(2, 3), ev("TaskFallbackSettled", 2, 4, { workerBps: 5000, workerPayout: 10n, clientRefund: 50n, fee: 0n }), funded(4, 5), ev("TaskDeclined", 4, 6, { clientRefund: 100n })]);
    const agents = agentRows(rows, [partiesOf(rows), [{ address: W1, agentId: "ada", skills: ["code"] }]]);
    const w1 = agents.find((a) => a.address === W1)!;
    const w2 = agents.find((a) => a.address === W2)!;
    expect(w1).to.deep.include({ agentId: "ada", skills: ["code"], tasks: 1, successRate: 1, disputeRate: 0 });
    expect(w2).to.deep.include({ tasks: 2, settled: 2, successRate: 0, disputeRate: 0.5 });
    expect(agents.find((a) => a.address === ARB)!.roles).to.deep.equal(["arbiter"]);
    const m = marketMetrics(rows, agents.filter((a) => a.roles.includes("worker")), TOKEN);
    expect(m.successRate).to.be.closeTo(1 / 3, 1e-9);
    expect(m.disputeRate).to.be.closeTo(1 / 3, 1e-9);
    expect(m.giniEarnings).to.be.closeTo(0.4, 1e-9); // earnings 90 and 10
    const s = metricSeries(rows, [W1, W2], TOKEN);
    expect(s.time).to.deep.equal([2, 4, 6]);
    expect(s.successRate.at(-1)).to.equal(m.successRate);
    expect(s.gini.at(-1)).to.be.closeTo(0.4, 1e-9);
    expect(s.settledPerBucket.reduce((a, b) => a + b, 0)).to.equal(3);
  });

  it("proves a review only against the root given as the chain's, and says why a proof fails", async () => {
    const reviews = randomReviews(5, 3);
    const tree = await buildReviewTree(reviews);
    const r = reviews[2]!;
    const served: ReviewResponse = {
      id: tree.leafHash(2),
      review: { ...r, signature: "0x", outcome: "released" },
      epoch: "7",
      leafHash: tree.leafHash(2),
      anchored: true,
      proof: tree.proof(2),
      root: tree.root,
      chainId: 31337,
      escrow: CLIENT,
      anchor: ARB,
    };
    expect(badgeFor(served, tree.root)).to.deep.equal({ state: "proven", root: tree.root, steps: tree.proof(2).length });
    // The indexer's own root field decides nothing: a lying root with a valid proof still checks against the chain's.
    expect(badgeFor({ ...served, root: id(1) }, tree.root).state).to.equal("proven");
    const tampered = badgeFor({ ...served, proof: tamperProof(served.proof!) }, tree.root);
    expect(tampered.state).to.equal("failed");
    expect(tampered.state === "failed" && tampered.reason).to.match(/proof does not lead to the on-chain root .* of epoch 7/);
    expect(badgeFor(served, id(2))).to.have.property("state", "failed");
    expect(badgeFor(served, null)).to.deep.equal({ state: "failed", reason: "ReputationAnchor holds no root for epoch 7" });
    expect(badgeFor({ ...served, anchored: false, proof: undefined }, null).state).to.equal("unanchored");
  });
});

describe("dashboard market rows", () => {
  const announced = (task: number, at: number, bidsReceived: number, phase: AnnouncedTask["phase"], client: Address = CLIENT): AnnouncedTask => ({
    taskId: id(task), client, requiredSkills: ["code"], deadline: at + 3600, announcedAt: at, bidsReceived, phase,
  });

  it("starts a funded task's path with its announcement and bid count, and lists announced tasks nobody funded yet", () => {
    const rows = marketRows(foldTasks([funded(1, 10), ev("TaskReleased", 1, 30, { workerPayout: 99n, fee: 1n }), funded(3, 12)]), [
      announced(1, 8, 3, "awarded"),
      announced(2, 9, 0, "unawarded"),
      announced(4, 20, 1, "bidding"),
      announced(5, 21, 2, "awarded"), // the manager funded it; the page's chain scan has not seen the funding yet
    ]);
    expect(rows.map((r) => [r.taskId, r.status])).to.deep.equal([[id(1), "released"], [id(2), "unawarded"], [id(3), "funded"], [id(4), "bidding"], [id(5), "awarding"]]);
    expect(rows[0]!.path.map((p) => (p.status === "bids-received" ? `${p.count} bids` : p.status))).to.deep.equal(["announced", "3 bids", "funded", "released"]);
    expect(rows[0]!.funded?.amount).to.equal(100n);
    // Task 3 was funded by a client whose manager the dashboard does not read: its path starts at funding.
    expect(rows[2]!.path.map((p) => p.status)).to.deep.equal(["funded"]);
    expect(rows[3]).to.deep.include({ deadline: 3620, since: 20 });
    expect(rows[3]!.funded).to.equal(undefined);
  });

  it("error: another client's announcement under the same task id is not joined to this client's escrow", () => {
    const rows = marketRows(foldTasks([funded(1, 10)]), [announced(1, 8, 4, "bidding", W2)]);
    expect(rows.map((r) => [r.client, r.status, r.path.length])).to.deep.equal([[W2, "bidding", 2], [CLIENT, "funded", 1]]);
  });
});

describe("dashboard registry source", () => {
  const agent = (agentId: string, wallet: Address, status: "checked" | "rejected", name: string | null, skills: string[]) => ({
    agentId, registry: ARB, owner: wallet, wallet, agentURI: "data:,", status, error: null, name, url: null, skills, costPerStep: null, maxSteps: null, cardHash: null, card: null,
  });

  it("names agents by their registered id, checked card name and skills, keyed by the bound wallet", () => {
    const entries = registryEntries({ registry: ARB, skills: [], agents: [agent("7", W1, "checked", "ada", ["code", "audit"]), agent("8", W2, "rejected", "mallory", ["code"])] });
    expect(entries).to.deep.equal([{ address: W1, agentId: "7", name: "ada", skills: ["code", "audit"] }, { address: W2, agentId: "8" }]);
    const rows = foldTasks([funded(1, 1)]);
    expect(agentRows(rows, [partiesOf(rows), entries!]).find((a) => a.address === W1)).to.deep.include({ agentId: "7", name: "ada", skills: ["code", "audit"] });
  });

  it("error: an indexer without a registry gives null, so the page falls back to the escrow's parties", () => {
    expect(registryEntries({ registry: null, skills: [], agents: [] })).to.equal(null);
  });
});
