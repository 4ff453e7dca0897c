import { describe, it } from "mocha";
import { CLAIM_BPS } from "../escrow/fixture.js";
import { SignedReview } from "../../agents/protocol/review.js";
import { expect } from "chai";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { ErrorBody, ReputationResponse, ReviewAccepted, ReviewBody, ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { backends, indexerChain, freshDb, signReview, taskIdOf } from "./fixtures.js";
import { AMOUNT } from "../escrow/fixture.js";

const NOW = 1_800_000_100;

async function setup(backend: Parameters<typeof freshDb>[0]) {
  const chain = await indexerChain();
  const db = await freshDb(backend);
  const c = chain.clientAddr;
  const w = chain.workerAddr;
  const t = await chain.task("released");
  const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0, clock: () => NOW, bodyLimit: 4096 });
  await indexer.ingestOnce();
  const review = await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: t, subject: w, rating: 5 });
  const post = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
    indexer.app.request("/reviews", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { chain, db, c, w, t, indexer, review, post };
}

async function errorOf(res: Response, status: number): Promise<ErrorBody["error"]> {
  expect(res.status).to.equal(status);
  return ErrorBody.parse(await res.json()).error;
}

for (const backend of backends()) {
  describe(`indexer HTTP API (${backend})`, () => {
    it("accepts a signed review and serves it back with its epoch, not yet anchored", async () => {
      const s = await setup(backend);
      try {
        const res = await s.post(SignedReview.encode(s.review));
        expect(res.status).to.equal(201);
        const accepted = ReviewAccepted.parse(await res.json());
        expect(accepted.status).to.equal("accepted");

        const got = ReviewResponse.parse(await (await s.indexer.app.request(`/reviews/${accepted.id}`)).json());
        expect(got).to.deep.include({ id: accepted.id, leafHash: accepted.id, anchored: false, epoch: String(BigInt(NOW) / 86_400n), chainId: s.chain.chainId, anchor: null });
        // The signed review, plus the task facts its leaf carries: worker, the bid's claim, all delivered.
        expect(ReviewBody.encode(got.review)).to.deep.equal({ ...SignedReview.encode(s.review), worker: s.w, claimedSuccessBps: CLAIM_BPS, deliveredBps: 10_000, outcome: "released" });
        expect(got.proof).to.equal(undefined);

        const rep = ReputationResponse.parse(await (await s.indexer.app.request(`/agents/${s.w}/reputation`)).json());
        expect(rep).to.deep.include({ address: s.w, count: 1, mean: 5, verifiedShare: 0 });
        // Signed 100 s before now (barely decayed), on a task that locked 1,000,000 units: weight 1 + log10(100) = 3.
        expect(AMOUNT).to.equal(1_000_000n);
        expect(rep.bayesian).to.be.closeTo((3.5 * 10 + 3 * 5) / (10 + 3), 1e-5);
      } finally {
        await s.db.dispose();
      }
    });

    it("error: answers each bad request with its code and status", async () => {
      const s = await setup(backend);
      try {
        const wire = SignedReview.encode(s.review);
        expect((await errorOf(await s.post("{not json"), 400)).code).to.equal("INVALID_JSON");
        const invalid = await errorOf(await s.post({ ...wire, rating: "five" }), 400);
        expect(invalid.code).to.equal("INVALID_INPUT");
        expect(JSON.stringify(invalid.details)).to.contain("rating");
        expect((await errorOf(await s.post({ ...wire, extra: 1 }), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.post(wire, { "content-type": "text/plain" }), 415)).code).to.equal("UNSUPPORTED_MEDIA_TYPE");
        expect((await errorOf(await s.post({ ...wire, signature: `0x${"ab".repeat(4000)}` }), 413)).code).to.equal("BODY_TOO_LARGE");
        expect((await errorOf(await s.post({ ...wire, taskId: taskIdOf("nope") }), 422)).code).to.equal("UNKNOWN_TASK");
        expect((await errorOf(await s.post({ ...wire, rating: 4 }), 422)).code).to.equal("BAD_SIGNATURE");
        expect((await s.post(wire)).status).to.equal(201);
        expect((await errorOf(await s.post(wire), 409)).code).to.equal("DUPLICATE_REVIEW");

        expect((await errorOf(await s.indexer.app.request("/reviews/0x1234"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request(`/reviews/${taskIdOf("x")}`), 404)).code).to.equal("NOT_FOUND");
        expect((await errorOf(await s.indexer.app.request("/agents/0xnothex/reputation"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request("/epochs/12"), 404)).code).to.equal("NOT_FOUND");
        expect((await errorOf(await s.indexer.app.request("/epochs/-1/dataset"), 400)).code).to.equal("INVALID_INPUT");
        // Past BIGINT: refused at the edge, never a database error (found by the hardening fuzz).
        expect((await errorOf(await s.indexer.app.request("/epochs/9223372036854775808"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request("/epochs/63614244829679072109/dataset"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request("/epochs/%25"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request("/epochs/%00%00/dataset"), 400)).code).to.equal("INVALID_INPUT");
        expect((await errorOf(await s.indexer.app.request("/epochs/9223372036854775807"), 404)).code).to.equal("NOT_FOUND");
        expect((await errorOf(await s.indexer.app.request("/nowhere"), 404)).code).to.equal("NOT_FOUND");
      } finally {
        await s.db.dispose();
      }
    });

    it("reports health with the ingestion cursor", async () => {
      const s = await setup(backend);
      try {
        const res = await s.indexer.app.request("/health");
        expect(res.status).to.equal(200);
        const body = (await res.json()) as { ok: boolean; nextBlock: string; lastAnchoredEpoch: string | null };
        expect(body).to.deep.include({ ok: true, lastAnchoredEpoch: null });
        expect(BigInt(body.nextBlock)).to.equal((await s.chain.publicClient.getBlockNumber()) + 1n);
      } finally {
        await s.db.dispose();
      }
    });
  });
}
