import { describe, it } from "mocha";
import { expect } from "chai";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { hardenApp } from "../../agents/http/hardenApp.js";
import { rateLimit } from "../../agents/http/rateLimit.js";
import { UserInputError } from "../../agents/errors.js";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

function appWith(limit: { perSecond: number; burst: number } | false, now = () => 0, internal: unknown[] = []) {
  const app = new Hono();
  hardenApp(app, { maxBodyBytes: 100, rateLimit: limit && { ...limit, now }, onInternalError: (err) => internal.push(err) });
  app.post("/echo", async (c) => c.json({ got: (await c.req.text()).length }));
  app.get("/boom", () => {
    throw new Error("database exploded");
  });
  app.get("/user", () => {
    throw new UserInputError("bad thing", { code: "BAD_THING", details: { n: 10n } });
  });
  return app;
}

describe("rateLimit", () => {
  it("lets a client burst, then refills at perSecond", async () => {
    let t = 0;
    const app = appWith({ perSecond: 2, burst: 3 }, () => t);
    const statuses = async (n: number) => Promise.all(Array.from({ length: n }, () => app.request("/echo", { method: "POST", body: "x" }))).then((r) => r.map((x) => x.status));
    expect(await statuses(4)).to.deep.equal([200, 200, 200, 429]);
    t = 500; // half a second: one token back
    expect(await statuses(2)).to.deep.equal([200, 429]);
  });

  it("error: a throttled request gets 429 RATE_LIMITED as JSON with retry-after", async () => {
    const app = appWith({ perSecond: 1, burst: 1 });
    await app.request("/echo", { method: "POST", body: "x" });
    const res = await app.request("/echo", { method: "POST", body: "x" });
    expect(res.status).to.equal(429);
    expect(res.headers.get("retry-after")).to.equal("1");
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).to.equal("RATE_LIMITED");
    expect(body.error.details?.retryAfterMs).to.equal(1000);
  });

  it("keeps one bucket per client and forgets the longest idle beyond maxClients", async () => {
    let who = "a";
    const app = new Hono();
    app.use("*", rateLimit({ perSecond: 1, burst: 1, now: () => 0, keyOf: () => who, maxClients: 2 }));
    app.get("/", (c) => c.text("ok"));
    expect((await app.request("/")).status).to.equal(200);
    expect((await app.request("/")).status).to.equal(429);
    who = "b";
    expect((await app.request("/")).status).to.equal(200);
    who = "c"; // evicts "a", the least recent
    expect((await app.request("/")).status).to.equal(200);
    who = "a";
    expect((await app.request("/")).status).to.equal(200);
  });
});

describe("hardenApp", () => {
  it("error: refuses a body over the limit with 413 BODY_TOO_LARGE", async () => {
    const app = appWith(false);
    expect((await app.request("/echo", { method: "POST", body: "x".repeat(100) })).status).to.equal(200);
    const res = await app.request("/echo", { method: "POST", body: "x".repeat(101) });
    expect(res.status).to.equal(413);
    expect(((await res.json()) as ErrorBody).error.code).to.equal("BODY_TOO_LARGE");
  });

  it("error: answers unknown routes and thrown errors with a JSON error and a code; the operator is told what an INTERNAL error was", async () => {
    const internal: unknown[] = [];
    const app = appWith(false, () => 0, internal);
    const missing = await app.request("/nowhere\u0000%00");
    expect(missing.status).to.equal(404);
    expect(((await missing.json()) as ErrorBody).error.code).to.equal("NOT_FOUND");
    const boom = await app.request("/boom");
    expect(boom.status).to.equal(500);
    expect(await boom.json()).to.deep.equal({ error: { code: "INTERNAL", message: "internal error" } });
    const user = await app.request("/user");
    expect(user.status).to.equal(400);
    expect(await user.json()).to.deep.equal({ error: { code: "BAD_THING", message: "bad thing", details: { n: "10" } } });
    expect(internal.map((e) => (e as Error).message), "typed errors are answers, not faults").to.deep.equal(["database exploded"]);
  });

  it("error: over a real socket, refuses a body over the limit whether its length is declared or it comes chunked, and reads one within it", async () => {
    const app = appWith(false);
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
    try {
      const declared = async (n: number) => fetch(url, { method: "POST", body: "x".repeat(n) });
      const chunked = async (n: number) =>
        fetch(url, { method: "POST", body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode("x".repeat(n))), c.close()) }), duplex: "half" } as RequestInit);
      expect(await (await declared(100)).json()).to.deep.equal({ got: 100 });
      expect((await declared(101)).status).to.equal(413);
      expect(await (await chunked(100)).json()).to.deep.equal({ got: 100 });
      const big = await chunked(101);
      expect(big.status).to.equal(413);
      expect(((await big.json()) as ErrorBody).error.code).to.equal("BODY_TOO_LARGE");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
