import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, type Address, type PublicClient } from "viem";
import { seedReviews } from "../../agents/bench/seedReviews.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { ReputationResponse } from "../../agents/indexer/api/schemas.js";
import { backends, freshDb, taskIdOf } from "./fixtures.js";

const NOW = 1_800_000_000;
const agent = (name: string): Address => getAddress(keccak256(toHex(name)).slice(0, 42));

for (const backend of backends()) {
  describe(`indexer task-value weighting (${backend})`, () => {
    it("error: a ring trading 1-unit tasks ranks below an honest worker with three real tasks", async () => {
      const db = await freshDb(backend);
      try {
        const { viem } = await network.create();
        const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
        const indexer = await createIndexer({ db, publicClient, escrow: agent("escrow"), clock: () => NOW });
        const [washer, honest] = [agent("washer"), agent("honest")];
        const ring = Array.from({ length: 10 }, (_, i) => agent(`ring ${i}`));
        // As ingest stores TaskFunded: the amount each task locked, in token base units.
        const tasks: [string, Address, Address, string][] = [
          ...Array.from({ length: 40 }, (_, i): [string, Address, Address, string] => [`wash ${i}`, ring[i % 10]!, washer, "1"]),
          ...[1, 2, 3].map((i): [string, Address, Address, string] => [`real ${i}`, agent(`client ${i}`), honest, "5000000"]),
        ];
        for (const [label, client, worker, amount] of tasks)
          await db.query(
            `INSERT INTO tasks (task_id, client, worker, token, amount, status, outcome, funded_block, settled_block) VALUES ($1, $2, $3, $2, $4, 'released', 'released', 0, 0)`,
            [taskIdOf(label), client, worker, amount],
          );
        const review = ([label, client, worker]: [string, Address, Address, string], rating: number) => ({
          taskId: taskIdOf(label),
          reviewer: client,
          subject: worker,
          rating,
          commentHash: keccak256(toHex(label)),
          timestamp: BigInt(NOW - 3_600),
        });
        await seedReviews(db, tasks.map((t) => review(t, t[0].startsWith("wash") ? 5 : 4)), NOW, 86_400);

        const rep = async (a: Address) => ReputationResponse.parse(await (await indexer.app.request(`/agents/${a}/reputation`)).json());
        const [w, h] = [await rep(washer), await rep(honest)];
        expect(w).to.deep.include({ count: 40, mean: 5, bayesian: 3.5 });
        expect(h.count).to.equal(3);
        expect(h.score).to.be.above(w.score);

        // The same ring on tasks worth the minimum would count: the rule is about value, not about who.
        const raised = await createIndexer({ db, publicClient, escrow: agent("escrow"), clock: () => NOW, minTaskValue: 1n });
        const unweighted = ReputationResponse.parse(await (await raised.app.request(`/agents/${washer}/reputation`)).json());
        expect(unweighted.bayesian).to.be.above(h.bayesian);
      } finally {
        await db.dispose();
      }
    });
  });
}
