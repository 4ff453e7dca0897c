import { describe, it } from "mocha";
import { expect } from "chai";
import type { Hex, PublicClient } from "viem";
import { readEscrowEvents } from "../../agents/chain/escrowEvents.js";
import { readTaskFacts } from "../../agents/chain/taskFacts.js";
import { CLAIM_BPS } from "./fixture.js";
import { indexerChain, type Path } from "../indexer/fixtures.js";

/** Counts the `eth_getLogs` requests a client sends. */
function countingLogs(client: PublicClient): { client: PublicClient; getLogs: () => number } {
  let n = 0;
  const request = (async (args: { method: string }) => {
    if (args.method === "eth_getLogs") n++;
    return (client.request as (a: unknown) => Promise<unknown>)(args);
  }) as PublicClient["request"];
  return { client: { ...client, request } as PublicClient, getLogs: () => n };
}

describe("readTaskFacts", function () {
  this.timeout(120_000);

  it("reads each task's worker, signed claim and delivery from TaskFunded and its settlement event, on every path", async () => {
    const chain = await indexerChain();
    const paths: Path[] = ["released", "auto-released", "ruled", "fallback", "refunded", "declined", "submitted"];
    const ids: Hex[] = [];
    for (const p of paths) ids.push(await chain.task(p, 3_300));
    const [fallback] = await readEscrowEvents(chain.publicClient, { address: chain.escrowAddr, eventName: "TaskFallbackSettled", taskId: ids[3]!, fromBlock: 0n });
    const fallbackBps = fallback!.args.workerBps;
    expect(fallbackBps).to.be.greaterThan(0);
    const { tasks, calls } = await readTaskFacts(chain.publicClient, { address: chain.escrowAddr, taskIds: ids });
    expect(calls).to.equal(1);
    const byId = new Map(tasks.map((t) => [t.taskId, t]));
    expect(ids.map((id) => byId.get(id)?.deliveredBps)).to.deep.equal([10_000, 10_000, 3_300, fallbackBps, 0, null, null]);
    for (const t of tasks) expect(t).to.deep.include({ client: chain.clientAddr, worker: chain.workerAddr, claimedSuccessBps: CLAIM_BPS });
  });

  it("batches task ids into the topics of one eth_getLogs per idsPerCall ids (and per block window when asked)", async () => {
    const chain = await indexerChain();
    const ids: Hex[] = [];
    for (let i = 0; i < 12; i++) ids.push(await chain.task("released"));
    const counting = countingLogs(chain.publicClient);
    const { tasks, calls } = await readTaskFacts(counting.client, { address: chain.escrowAddr, taskIds: [...ids, ...ids], idsPerCall: 5 });
    expect(tasks, "duplicates asked once, every task found").to.have.length(12);
    expect(calls).to.equal(3);
    expect(counting.getLogs()).to.equal(3);
    const head = await chain.publicClient.getBlockNumber();
    const windowed = await readTaskFacts(chain.publicClient, { address: chain.escrowAddr, taskIds: ids, idsPerCall: 100, toBlock: head, blocksPerCall: head / 2n + 1n });
    expect(windowed.calls).to.equal(2);
    expect(windowed.tasks.map((t) => t.deliveredBps)).to.deep.equal(ids.map(() => 10_000));
  });
});
