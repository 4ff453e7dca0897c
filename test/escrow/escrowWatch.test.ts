import { describe, it } from "mocha";
import { expect } from "chai";
import { createPublicClient, custom, type PublicClient } from "viem";
import { createEscrowWatch, escrowWatch, type WatchBatch } from "../../agents/chain/escrowWatch.js";
import { escrowFixture } from "./fixture.js";

/** A public client of its own on the fixture's chain, counting its JSON-RPC calls; `failLogs` makes the next eth_getLogs fail. */
function countingClient(fx: Awaited<ReturnType<typeof escrowFixture>>) {
  const provider = fx.connection.provider as unknown as { request(a: { method: string; params?: unknown }): Promise<unknown> };
  const counts: Record<string, number> = {};
  let failLogs = 0;
  const client = createPublicClient({
    transport: custom({
      async request(args: { method: string; params?: unknown }) {
        counts[args.method] = (counts[args.method] ?? 0) + 1;
        if (args.method === "eth_getLogs" && failLogs > 0) {
          failLogs--;
          throw new Error("connection reset");
        }
        return provider.request(args);
      },
    }, { retryCount: 0 }),
  }) as PublicClient;
  return { client, counts, failNextLogs: () => void (failLogs = 1) };
}

describe("escrowWatch", function () {
  this.timeout(60_000);

  it("reports every task event once, in chain order, with one block read and at most one log scan per poll", async () => {
    const fx = await escrowFixture();
    const { client, counts } = countingClient(fx);
    const watch = createEscrowWatch(client, { address: fx.escrow.address });
    const batches: WatchBatch[] = [];
    watch.subscribe((b) => batches.push(b));
    await watch.poll();
    expect(batches[0]).to.deep.include({ resync: true, changes: [] });
    const { bid } = await fx.submitted();
    await fx.as(fx.client).release(bid);
    const other = await fx.funded();
    for (let i = 0; i < 3; i++) await watch.poll();
    const seen = batches.flatMap((b) => b.changes.map((c) => `${c.eventName} ${c.taskId}`));
    expect(seen).to.deep.equal([`TaskFunded ${bid.taskId}`, `TaskSubmitted ${bid.taskId}`, `TaskReleased ${bid.taskId}`, `TaskFunded ${other.taskId}`]);
    const funded = batches[1]!.changes[0]!;
    expect(funded).to.deep.include({ client: fx.a(fx.client), worker: fx.a(fx.worker), arbiter: fx.a(fx.arbiter) });
    expect(batches.slice(1).map((b) => b.resync)).to.deep.equal([false, false, false]);
    expect(batches.at(-1)!.now).to.equal(await fx.now());
    // Four polls: four head reads; one log scan, for the one poll that found new blocks.
    expect(counts).to.deep.equal({ eth_getBlockByNumber: 4, eth_getLogs: 1 });
  });

  it("error: after a failed poll the next one reads the missed blocks and asks followers to resync", async () => {
    const fx = await escrowFixture();
    const { client, failNextLogs } = countingClient(fx);
    const watch = createEscrowWatch(client, { address: fx.escrow.address });
    const batches: WatchBatch[] = [];
    watch.subscribe((b) => batches.push(b));
    await watch.poll();
    const bid = await fx.funded();
    failNextLogs();
    await watch.poll().then(
      () => expect.fail("the poll should have failed"),
      (err: Error) => expect(err.message).to.match(/connection reset/),
    );
    await watch.poll();
    expect(batches).to.have.length(2);
    expect(batches[1]!.resync).to.equal(true);
    expect(batches[1]!.changes.map((c) => `${c.eventName} ${c.taskId}`)).to.deep.equal([`TaskFunded ${bid.taskId}`]);
  });

  it("is one watcher per public client and escrow, and polls asked for at once share one read", async () => {
    const fx = await escrowFixture();
    const { client, counts } = countingClient(fx);
    expect(escrowWatch(client, { address: fx.escrow.address })).to.equal(escrowWatch(client, { address: fx.escrow.address.toLowerCase() as `0x${string}` }));
    const watch = createEscrowWatch(client, { address: fx.escrow.address });
    // The first runs; the nine asked while it runs wait for one more read, after it, which they share.
    await Promise.all(Array.from({ length: 10 }, () => watch.poll()));
    expect(counts.eth_getBlockByNumber).to.equal(2);
  });
});
