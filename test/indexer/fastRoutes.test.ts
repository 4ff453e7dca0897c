import { request } from "node:http";
import { describe, it } from "mocha";
import { expect } from "chai";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { startIndexerServer } from "../../agents/indexer/server.js";
import { ReviewAccepted, ReviewResponse } from "../../agents/indexer/api/schemas.js";
import { SignedReview } from "../../agents/protocol/review.js";
import { isReviewProven } from "../../agents/protocol/reviewProof.js";
import { anchoredIndexer, backends, EPOCH, freshDb, indexerChain, signReview, T0, taskIdOf } from "./fixtures.js";

interface Answer {
  status: number;
  type: string | undefined;
  connection: string | undefined;
  retryAfter: string | undefined;
  body: unknown;
}

/** One request over a real socket; `chunks` sends the body chunked (no declared length). */
function send(url: string, method: string, path: string, o: { headers?: Record<string, string>; body?: string; chunks?: string[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { ...(o.body === undefined ? {} : { "content-length": String(Buffer.byteLength(o.body)) }), ...o.headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, type: res.headers["content-type"], connection: res.headers.connection, retryAfter: res.headers["retry-after"], body: JSON.parse(text) }),
      );
    });
    req.on("error", reject);
    for (const c of o.chunks ?? []) req.write(c);
    req.end(o.body);
  });
}

/** The same request through the hono app in process: what the fast path must answer alike. */
async function viaHono(app: { request(path: string, init?: RequestInit): Response | Promise<Response> }, method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await app.request(path, { method, ...(o.headers ? { headers: o.headers } : {}), ...(o.body === undefined ? {} : { body: o.body }) });
  return { status: res.status, type: res.headers.get("content-type") ?? undefined, body: await res.json() };
}

const JSON_TYPE = { "content-type": "application/json" };

for (const backend of backends()) {
  describe(`indexer fast routes on node:http (${backend})`, () => {
    it("answers GET /reviews/:id byte for byte as the hono route does, before and after the epoch is anchored, with a valid proof", async () => {
      const db = await freshDb(backend);
      const s = await anchoredIndexer(db);
      const server = await startIndexerServer(s.indexer, { port: 0 });
      try {
        const paths = [...s.ids.map((id) => `/reviews/${id}`), `/reviews/${s.ids[0]!.toUpperCase().replace("0X", "0x")}`, `/reviews/${taskIdOf("absent")}`, "/reviews/0x1234", `/reviews/${s.ids[0]}?x=1`];
        for (const anchored of [false, true]) {
          if (anchored) {
            s.clock.set(T0 + EPOCH);
            await s.indexer.closeDueEpochs();
          }
          for (const path of paths) {
            const fast = await send(server.url, "GET", path);
            expect({ status: fast.status, type: fast.type, body: fast.body }, `${path} anchored=${anchored}`).to.deep.equal(await viaHono(s.indexer.app, "GET", path));
          }
          // The fast path answers on its own: behind it, a hono app that fails everything.
          const alone = await startIndexerServer({ app: { fetch: () => new Response("{}", { status: 500 }) } as never, fastRoutes: s.indexer.fastRoutes }, { port: 0 });
          try {
            expect((await send(alone.url, "GET", `/reviews/${s.ids[1]}`)).body).to.deep.equal((await viaHono(s.indexer.app, "GET", `/reviews/${s.ids[1]}`)).body);
          } finally {
            await alone.close();
          }
          const got = ReviewResponse.parse((await send(server.url, "GET", `/reviews/${s.ids[2]}`)).body);
          expect(got.anchored).to.equal(anchored);
          if (anchored) expect(isReviewProven(got.root!, got.review, got.proof!)).to.equal(true);
          // The wire form is zod's encoding of the parsed review, key order included.
          expect(JSON.stringify(await s.indexer.getReviewWire(s.ids[2]!))).to.equal(JSON.stringify(ReviewResponse.encode(await s.indexer.getReview(s.ids[2]!))));
        }
      } finally {
        await server.close();
        await db.dispose();
      }
    });

    it("error: answers each bad POST /reviews as the hono route does (JSON, media type, declared and chunked size, schema, rules, duplicate)", async () => {
      const chain = await indexerChain();
      const db = await freshDb(backend);
      const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0, clock: () => 1_800_000_100, bodyLimit: 4096 });
      const server = await startIndexerServer(indexer, { port: 0 });
      try {
        const t = await chain.task("released");
        await indexer.ingestOnce();
        const wire = SignedReview.encode(await signReview(chain.client, chain.chainId, chain.escrowAddr, { taskId: t, subject: chain.workerAddr, rating: 5 }));
        const cases: [string, { headers?: Record<string, string>; body?: string }][] = [
          ["not JSON", { headers: JSON_TYPE, body: "{not json" }],
          ["wrong type", { headers: { "content-type": "text/plain" }, body: JSON.stringify(wire) }],
          ["too large", { headers: JSON_TYPE, body: JSON.stringify({ ...wire, signature: `0x${"ab".repeat(4000)}` }) }],
          ["extra field", { headers: JSON_TYPE, body: JSON.stringify({ ...wire, extra: 1 }) }],
          ["bad rating", { headers: JSON_TYPE, body: JSON.stringify({ ...wire, rating: "five" }) }],
          ["unknown task", { headers: JSON_TYPE, body: JSON.stringify({ ...wire, taskId: taskIdOf("nope") }) }],
          ["forged", { headers: JSON_TYPE, body: JSON.stringify({ ...wire, rating: 4 }) }],
        ];
        for (const [what, o] of cases) {
          const fast = await send(server.url, "POST", "/reviews", o);
          expect({ status: fast.status, type: fast.type, body: fast.body }, what).to.deep.equal(await viaHono(indexer.app, "POST", "/reviews", o));
          if (what === "too large") expect(fast.connection).to.equal("close");
        }
        const chunked = await send(server.url, "POST", "/reviews", { headers: JSON_TYPE, chunks: [JSON.stringify({ ...wire, signature: `0x${"ab".repeat(2500)}` })] });
        expect(chunked).to.deep.include({ status: 413, connection: "close" });
        const accepted = await send(server.url, "POST", "/reviews", { headers: JSON_TYPE, chunks: [JSON.stringify(wire)] });
        expect(accepted.status).to.equal(201);
        expect(ReviewAccepted.parse(accepted.body)).to.deep.include({ status: "accepted", outcome: "released" });
        const again = { headers: JSON_TYPE, body: JSON.stringify(wire) };
        const dup = await send(server.url, "POST", "/reviews", again);
        expect({ status: dup.status, type: dup.type, body: dup.body }).to.deep.equal(await viaHono(indexer.app, "POST", "/reviews", again));
        expect(dup.status).to.equal(409);
      } finally {
        await server.close();
        await db.dispose();
      }
    });
  });
}

describe("indexer fast routes: rate limit", () => {
  it("error: share one bucket per client with the hono routes and answer 429 RATE_LIMITED with retry-after", async () => {
    const chain = await indexerChain();
    const db = await freshDb("pglite");
    const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0, rateLimit: { perSecond: 0.5, burst: 2 } });
    const server = await startIndexerServer(indexer, { port: 0 });
    try {
      expect((await send(server.url, "GET", `/reviews/${taskIdOf("a")}`)).status).to.equal(404); // fast path: one token
      expect((await send(server.url, "GET", "/health")).status).to.equal(200); // hono: the second
      const limited = await send(server.url, "GET", `/reviews/${taskIdOf("a")}`);
      expect(limited).to.deep.include({ status: 429, retryAfter: "2" });
      expect((limited.body as { error: { code: string } }).error.code).to.equal("RATE_LIMITED");
      expect((await send(server.url, "POST", "/reviews", { headers: JSON_TYPE, body: "{}" })).status).to.equal(429);
    } finally {
      await server.close();
      await db.dispose();
    }
  });
});
