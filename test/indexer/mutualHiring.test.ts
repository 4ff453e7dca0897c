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
  describe(`indexer mutual-hiring signal (${backend})`, () => {
    it("flags praise from clients the subject hired in turn, from the tasks the indexer ingested", async () => {
      const db = await freshDb(backend);
      try {
        const { viem } = await network.create();
        const indexer = await createIndexer({ db, publicClient: (await viem.getPublicClient()) as unknown as PublicClient, escrow: agent("escrow"), clock: () => NOW });
        const [a, b, c] = [agent("a"), agent("b"), agent("c")];
        const organic = Array.from({ length: 8 }, (_, i) => agent(`client ${i}`));
        const tasks: [string, Address, Address][] = [
          ["b hires a 1", b, a],
          ["b hires a 2", b, a],
          ["c hires a", c, a],
          ["a hires b", a, b],
          ["a hires c", a, c],
          ...organic.map((client, i): [string, Address, Address] => [`organic ${i}`, client, a]),
        ];
        for (const [label, client, worker] of tasks)
          await db.query(
            `INSERT INTO tasks (task_id, client, worker, token, amount, status, outcome, funded_block, settled_block) VALUES ($1, $2, $3, $2, '1', 'released', 'released', 0, 0)`,
            [taskIdOf(label), client, worker],
          );
        const review = (label: string, reviewer: Address, subject: Address, rating: number) => ({
          taskId: taskIdOf(label),
          reviewer,
          subject,
          rating,
          commentHash: keccak256(toHex(label)),
          timestamp: BigInt(NOW - 86_400 * (label.length % 50)),
        });
        await seedReviews(
          db,
          [
            review("b hires a 1", b, a, 5),
            review("b hires a 2", b, a, 5),
            review("c hires a", c, a, 5),
            // b worked for a and reviews its client back: normal, not mutual hiring
            review("a hires b", b, a, 5),
            review("a hires b", a, b, 5),
            ...organic.map((client, i) => review(`organic ${i}`, client, a, 3)),
          ],
          NOW,
          86_400,
        );
        const rep = ReputationResponse.parse(await (await indexer.app.request(`/agents/${a}/reputation`)).json());
        expect(rep.count).to.equal(12);
        expect(rep.signals).to.deep.include({ mutualHires: 3, mutualHireFlag: true, dominanceFlag: false });
        expect(rep.signals.mutualHireShare).to.be.closeTo(3 / 12, 1e-9);
        // b and a hired each other once: one mutual review is not yet a pattern
        const repB = ReputationResponse.parse(await (await indexer.app.request(`/agents/${b}/reputation`)).json());
        expect(repB.signals).to.deep.include({ mutualHires: 1, mutualHireShare: 1, mutualHireFlag: false });
      } finally {
        await db.dispose();
      }
    });
  });
}
