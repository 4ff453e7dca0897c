import { describe, it } from "mocha";
import { expect } from "chai";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress, type Hex } from "viem";
import { ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { IndexerClient, IndexerHttpError } from "../../agents/indexer/client.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { loadReviewResponse, verifyReview } from "../../agents/indexer/verifyReview.js";
import { anchoredIndexer, EPOCH, freshDb, signReview, T0 } from "./fixtures.js";
import { reviewLeafHash } from "../../agents/indexer/merkle/index.js";
import { getReview } from "../../agents/indexer/store.js";
import { CLAIM_BPS } from "../escrow/fixture.js";

async function served() {
  const db = await freshDb("pglite");
  const s = await anchoredIndexer(db);
  const server = await startIndexerServer(s.indexer, { port: 0 });
  return { ...s, db, server, dispose: async () => { await server.close(); await db.dispose(); } };
}

function failed(report: { checks: { name: string; ok: boolean }[] }): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

describe("verify-review", () => {
  it("verifies a served review against the anchored root in TypeScript and on-chain", async () => {
    const s = await served();
    try {
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs();
      const response = await loadReviewResponse(s.ids[1]!, s.server.url);
      const report = await verifyReview({ response, publicClient: s.chain.publicClient, anchor: s.anchor.address, escrow: s.chain.escrowAddr });
      expect(failed(report)).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.checks.map((c) => c.name)).to.include.members([
        "task facts (escrow events)",
        "on-chain root",
        "proof (TypeScript, @openzeppelin/merkle-tree)",
        "proof (on-chain ReputationAnchor.verifyReview)",
        "signature",
      ]);
    } finally {
      await s.dispose();
    }
  });

  it("error: a review whose claim the operator lowered before anchoring is proven, but its task facts fail against the escrow's events", async () => {
    const s = await served();
    try {
      const stored = (await getReview(s.db, s.ids[0]!))!;
      const id = reviewLeafHash({ ...stored, claimedSuccessBps: 1_000 }).toLowerCase();
      await s.db.query("UPDATE reviews SET id = $2, claimed_bps = 1000 WHERE id = $1", [s.ids[0], id]);
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs();
      const report = await verifyReview({ response: await loadReviewResponse(id, s.server.url), publicClient: s.chain.publicClient, anchor: s.anchor.address, escrow: s.chain.escrowAddr });
      expect(failed(report)).to.deep.equal(["task facts (escrow events)"]);
      expect(report.checks.find((c) => c.id === "task-facts")?.detail).to.equal(`claimedSuccessBps 1000 in the leaf, ${CLAIM_BPS} on chain`);
    } finally {
      await s.dispose();
    }
  });

  it("error: rejects a file whose rating was edited, and one whose root is not the chain's", async () => {
    const s = await served();
    try {
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs();
      const good = await new IndexerClient(s.server.url).getReview(s.ids[0]!);
      const dir = await mkdtemp(join(tmpdir(), "verify-review-"));

      const edited = join(dir, "edited.json");
      await writeFile(edited, JSON.stringify(ReviewResponse.encode({ ...good, review: { ...good.review, rating: good.review.rating === 1 ? 2 : 1 } })));
      const r1 = await verifyReview({ response: await loadReviewResponse(edited, s.server.url), publicClient: s.chain.publicClient, anchor: s.anchor.address });
      expect(r1.ok).to.equal(false);
      expect(failed(r1)).to.include.members(["leaf hash", "signature", "proof (TypeScript, @openzeppelin/merkle-tree)", "proof (on-chain ReputationAnchor.verifyReview)"]);

      const forgedRoot = join(dir, "root.json");
      await writeFile(forgedRoot, JSON.stringify(ReviewResponse.encode({ ...good, root: `0x${"11".repeat(32)}` })));
      const r2 = await verifyReview({ response: await loadReviewResponse(forgedRoot, s.server.url), publicClient: s.chain.publicClient, anchor: s.anchor.address });
      expect(failed(r2)).to.deep.equal(["on-chain root"]);
    } finally {
      await s.dispose();
    }
  });

  it("error: a served proof for an epoch the chain holds no root for fails the on-chain root check", async () => {
    const s = await served();
    try {
      s.clock.set(T0 + EPOCH);
      await s.indexer.closeDueEpochs();
      const good = await new IndexerClient(s.server.url).getReview(s.ids[0]!);
      const dir = await mkdtemp(join(tmpdir(), "verify-review-"));
      const moved = join(dir, "moved.json");
      const noRootEpoch = (BigInt(good.epoch) + 1n).toString();
      await writeFile(moved, JSON.stringify(ReviewResponse.encode({ ...good, epoch: noRootEpoch })));
      const report = await verifyReview({ response: await loadReviewResponse(moved, s.server.url), publicClient: s.chain.publicClient, anchor: s.anchor.address });
      expect(report.ok).to.equal(false);
      const rootCheck = report.checks.find((c) => c.name === "on-chain root");
      expect(rootCheck, "the root check is reported").to.not.equal(undefined);
      expect(rootCheck).to.deep.include({ ok: false, detail: `ReputationAnchor ${getAddress(s.anchor.address)} holds no root for epoch ${noRootEpoch}` });
      expect(failed(report)).to.deep.equal(["on-chain root"]);
    } finally {
      await s.dispose();
    }
  });

  it("error: a review whose epoch is not anchored yet does not verify", async () => {
    const s = await served();
    try {
      const report = await verifyReview({ response: await loadReviewResponse(s.ids[0]!, s.server.url), publicClient: s.chain.publicClient, anchor: s.anchor.address });
      expect(report.ok).to.equal(false);
      expect(failed(report)).to.deep.equal(["anchored"]);
    } finally {
      await s.dispose();
    }
  });
});

describe("IndexerClient", () => {
  it("posts a review over HTTP and reports a refusal as a typed error with the server's code", async () => {
    const s = await served();
    try {
      const client = new IndexerClient(s.server.url);
      const t = await s.chain.task("auto-released");
      await s.indexer.ingestOnce();
      const review = await signReview(s.chain.worker, s.chain.chainId, s.chain.escrowAddr, { taskId: t, subject: s.chain.clientAddr, rating: 4 });
      const accepted = await client.postReview(review);
      expect(accepted).to.deep.include({ status: "accepted", outcome: "auto-released" });
      expect((await client.getReview(accepted.id as Hex)).review.rating).to.equal(4);
      expect((await client.reputation(s.chain.clientAddr)).count).to.equal(2);

      let caught: unknown;
      try {
        await client.postReview(review);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(IndexerHttpError);
      expect(caught).to.deep.include({ code: "DUPLICATE_REVIEW", status: 409 });
    } finally {
      await s.dispose();
    }
  });
});
