import { describe, it } from "mocha";
import { expect } from "chai";
import { CalibrationResponse } from "../../agents/indexer/api/calibrationSchemas.js";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { DEADLINE_IN, RESULT } from "../escrow/fixture.js";
import { backends, freshDb, indexerChain } from "./fixtures.js";

for (const backend of backends()) {
  describe(`indexer calibration (${backend})`, () => {
    it("keeps each task's signed claim next to its outcome and serves claimed against delivered success per worker", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0 });
        // Claimed 90%, delivered: released in full.
        const paid = await chain.makeBid({ claimedSuccessBps: 9_000 });
        await chain.as(chain.client).fund({ bid: paid, signature: await chain.sign(paid) });
        await chain.as(chain.worker).submit({ ...paid, resultHash: RESULT });
        await chain.as(chain.client).release(paid);
        // Claimed 90%, delivered nothing: refunded after the deadline.
        const lost = await chain.funded({ claimedSuccessBps: 9_000 });
        await chain.networkHelpers.time.increase(DEADLINE_IN + 1);
        await chain.as(chain.client).refund(lost);
        // Claimed 80% (the fixture's bid), the arbiter gave the worker 25%.
        const split = await chain.task("ruled", 2_500);
        // Declined before any work and still open: neither counts.
        await chain.task("declined");
        await chain.task("funded");
        await indexer.ingestOnce();

        const rows = await db.query<{ task_id: string; claimed_bps: number }>("SELECT task_id, claimed_bps FROM tasks");
        const claim = Object.fromEntries(rows.map((r) => [r.task_id, Number(r.claimed_bps)]));
        expect([claim[paid.taskId], claim[lost.taskId], claim[split]]).to.deep.equal([9_000, 9_000, 8_000]);

        const res = await indexer.app.request(`/agents/${chain.workerAddr}/calibration`);
        expect(res.status).to.equal(200);
        const { calibration } = CalibrationResponse.parse(await res.json());
        expect(calibration!.tasks).to.equal(3);
        expect(calibration!.meanClaimed).to.be.closeTo((0.9 + 0.9 + 0.8) / 3, 1e-12);
        expect(calibration!.meanDelivered).to.be.closeTo((1 + 0 + 0.25) / 3, 1e-12);
        expect(calibration!.meanGap).to.be.closeTo((0.9 + 0.9 + 0.8 - 1.25) / 3, 1e-12);
        expect(calibration!.brier).to.be.closeTo((0.01 + 0.81 + 0.3025) / 3, 1e-12);

        // The client never worked: no calibration, not a zero one.
        expect(CalibrationResponse.parse(await (await indexer.app.request(`/agents/${chain.clientAddr}/calibration`)).json()).calibration).to.equal(null);
      } finally {
        await db.dispose();
      }
    });

    it("error: an address that is not one is a 400 INVALID_INPUT", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      try {
        const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0 });
        const res = await indexer.app.request("/agents/0x1234/calibration");
        expect(res.status).to.equal(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).to.equal("INVALID_INPUT");
      } finally {
        await db.dispose();
      }
    });
  });
}
