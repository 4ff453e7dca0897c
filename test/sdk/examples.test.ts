import { describe, it } from "mocha";
import { expect } from "chai";
import { getAddress } from "viem";
import { TSX_CLI, freePort, startChild, stopChild, type Child } from "../../agents/multi/processes.js";
import { verifyReputation } from "../../agents/index.js";
import { servedMarket } from "./servedMarket.js";

describe("examples/worker.ts and examples/client.ts", function () {
  this.timeout(180_000);

  it("the example worker is paid by the example client and both review each other, over HTTP only", async () => {
    const m = await servedMarket();
    const children: Child[] = [];
    try {
      const boardPort = await freePort();
      const common = { RPC_URL: m.rpcUrl, ESCROW_ADDRESS: m.escrow, REGISTRY_ADDRESS: m.registry, INDEXER_URL: m.indexerUrl };
      const worker = startChild("worker", [TSX_CLI, "examples/worker.ts"], { ...common, PRIVATE_KEY: m.keys.worker });
      children.push(worker);
      // The worker serves its own A2A endpoint and registers a card naming it; the client finds it
      // in the indexer's registry mirror, and each sends to the other's endpoint.
      const listed = async () => (await m.indexer.agents(["summarise"])).agents.filter((a) => a.status === "checked");
      for (const until = Date.now() + 90_000; (await listed()).length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 250));
      expect((await listed()).map((a) => [a.name, a.wallet]), worker.lines.join("\n")).to.deep.equal([["shouter", getAddress(m.addresses.worker)]]);
      const client = startChild("client", [TSX_CLI, "examples/client.ts"], {
        ...common,
        PRIVATE_KEY: m.keys.client,
        BOARD_PORT: String(boardPort),
        TOKEN_ADDRESS: m.token.address,
        ARBITER_ADDRESS: m.addresses.arbiter,
      });
      children.push(client);
      expect(await client.exited, [...client.lines, ...worker.lines].slice(-30).join("\n")).to.equal(0);
      expect(worker.lines.some((l) => /waiting for tasks/.test(l))).to.equal(true);
      const report = JSON.parse(client.lines.find((l) => l.startsWith("{"))!) as { outcome: string; score: number; worker: string };
      expect(report).to.deep.include({ outcome: "released", score: 1 });
      expect(report.worker.toLowerCase()).to.equal(m.addresses.worker.toLowerCase());

      // Paid: the worker's 2-token price minus the 1% fee, from the client's locked money.
      expect(await m.token.read.balanceOf([m.addresses.worker])).to.equal(1_980_000n);
      expect(await m.token.read.balanceOf([m.addresses.client])).to.equal(1_000_000_000n - 2_000_000n);

      // Reviewed: the client's review of the worker was accepted, and the worker's of the client arrives.
      expect((await m.indexer.reputation(m.addresses.worker)).count, client.lines.join("\n")).to.equal(1);
      for (const until = Date.now() + 60_000; (await m.indexer.reputation(m.addresses.client)).count < 1 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
      expect((await m.indexer.reputation(m.addresses.client)).count, worker.lines.join("\n")).to.equal(1);

      // Once anchored, the review is proven against the chain's root (the SDK's verifyReputation).
      await m.anchorEpochs();
      const rep = await verifyReputation(m.addresses.worker, { indexerUrl: m.indexerUrl, rpcUrl: m.rpcUrl, anchor: m.anchor, escrow: m.escrow });
      expect(rep.proven).to.have.lengthOf(1);
      expect(rep.leaves.map((l) => l.status), "its worker, claim and delivery are the escrow's events' own").to.deep.equal(["chain-checked"]);
      expect(rep.proven[0]!.reviewer.toLowerCase()).to.equal(m.addresses.client.toLowerCase());
      expect(rep.meanRating).to.equal(rep.proven[0]!.rating);
      // Its calibration comes from that proven leaf: the claim its signed bid carried, all delivered,
      // the same figures the indexer serves (as its own word) over the worker's settled tasks.
      expect(rep.calibration).to.deep.include({ tasks: 1, meanDelivered: 1, meanClaimed: rep.proven[0]!.claimedSuccessBps / 10_000 });
      expect((await m.indexer.calibration(m.addresses.worker)).calibration).to.deep.equal(rep.calibration);
    } finally {
      for (const c of children.reverse()) await stopChild(c);
      await m.close();
    }
  });
});
