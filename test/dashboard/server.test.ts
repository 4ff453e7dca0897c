import { serve, type ServerType } from "@hono/node-server";
import { expect } from "chai";
import { Hono } from "hono";
import { after, before, describe, it } from "mocha";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DashboardConfig } from "../../agents/dashboard/config.js";
import { parseDashboardEnv } from "../../agents/dashboard/config.js";
import { createDashboardApp } from "../../agents/dashboard/server.js";

/** A stand-in node and indexer that record what reached them. */
async function upstream(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const app = new Hono();
  app.post("/", async (c) => {
    const body = (await c.req.json()) as { id: number; method: string } | { id: number; method: string }[];
    const one = (b: { id: number; method: string }) => (seen.push(b.method), { jsonrpc: "2.0", id: b.id, result: "0x7a69" });
    return c.json(Array.isArray(body) ? body.map(one) : one(body));
  });
  app.get("/*", (c) => (seen.push(`GET ${c.req.path}${new URL(c.req.url).search}`), c.json({ ok: true })));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

const config = (rpcUrl: string, indexerUrl: string, boardUrl = "http://127.0.0.1:1"): DashboardConfig => ({
  chainId: 31337,
  escrow: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  escrowBlock: "3",
  anchor: null,
  anchorBlock: "0",
  rpcPath: "/rpc",
  indexerPath: "/indexer",
  managerPath: "/manager",
  upstream: { rpcUrl, indexerUrl, boardUrl },
});
const rpc = (body: unknown, type = "application/json") => ({ method: "POST", headers: { "content-type": type }, body: JSON.stringify(body) });

describe("dashboard server", () => {
  let up: Awaited<ReturnType<typeof upstream>>;
  let app: Hono;
  before(async () => {
    up = await upstream();
    const dist = await mkdtemp(join(tmpdir(), "dashboard-dist-"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>page</title>");
    app = createDashboardApp({ config: config(up.url, up.url), distDir: dist });
  });
  after(() => up.close());

  it("serves the page, its config, and relays read-only JSON-RPC (single and batch) and the indexer's GET API", async () => {
    expect(await (await app.request("/")).text()).to.include("<title>page</title>");
    expect(await (await app.request("/config.json")).json()).to.deep.include({ chainId: 31337, rpcPath: "/rpc" });
    expect(await (await app.request("/rpc", rpc({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }))).json()).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
    const batch = (await (await app.request("/rpc", rpc([{ jsonrpc: "2.0", id: 1, method: "eth_blockNumber" }, { jsonrpc: "2.0", id: 2, method: "eth_getLogs", params: [{}] }]))).json()) as unknown[];
    expect(batch).to.have.length(2);
    expect((await app.request("/indexer/agents/0xabc/reviews?x=1")).status).to.equal(200);
    expect(up.seen).to.deep.equal(["eth_chainId", "eth_blockNumber", "eth_getLogs", "GET /agents/0xabc/reviews?x=1"]);
  });

  it("error: refuses methods that sign or change the node, non-JSON bodies and non-JSON-RPC, without reaching the node", async () => {
    const before = up.seen.length;
    for (const method of ["eth_sendTransaction", "eth_sign", "evm_increaseTime", "hardhat_setBalance"]) {
      const res = await app.request("/rpc", rpc({ jsonrpc: "2.0", id: 1, method, params: [] }));
      expect(res.status, method).to.equal(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal("RPC_METHOD_REFUSED");
    }
    // One bad call in a batch refuses the batch.
    expect((await app.request("/rpc", rpc([{ jsonrpc: "2.0", id: 1, method: "eth_chainId" }, { jsonrpc: "2.0", id: 2, method: "eth_sendRawTransaction" }]))).status).to.equal(403);
    expect((await app.request("/rpc", rpc({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }, "text/plain"))).status).to.equal(415);
    expect((await app.request("/rpc", rpc({ hello: "world" }))).status).to.equal(400);
    expect((await app.request("/indexer/reviews", rpc({}))).status).to.equal(404);
    expect(up.seen.length).to.equal(before);
  });

  it("error: an unreachable node or indexer is a 502 with a code, not a crash", async () => {
    const dead = createDashboardApp({ config: config("http://127.0.0.1:1", "http://127.0.0.1:1"), distDir: tmpdir() });
    const res = await dead.request("/rpc", rpc({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }));
    expect(res.status).to.equal(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal("UPSTREAM_UNAVAILABLE");
    expect((await dead.request("/indexer/health")).status).to.equal(502);
  });

  it("serves the manager's announced tasks from its board (GET /tasks) or an injected source, keeping only the public fields", async () => {
    const task = { taskId: `0x${"ab".repeat(32)}` as const, client: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const, requiredSkills: ["code"], deadline: 2_000_000_000, announcedAt: 1_999_990_000, bidsReceived: 2, phase: "awarded" };
    const board = new Hono();
    // A manager that says too much: the dashboard passes on only what AnnouncedTask names.
    board.get("/tasks", (c) => c.json({ manager: task.client, tasks: [{ ...task, bids: [{ price: "4200000", signature: "0xfeed" }], description: "secret" }] }));
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: board.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    try {
      const boardUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const viaBoard = createDashboardApp({ config: config(up.url, up.url, boardUrl), distDir: tmpdir() });
      const res = await viaBoard.request("/manager/tasks");
      expect(res.status).to.equal(200);
      const text = await res.text();
      expect(JSON.parse(text)).to.deep.equal({ manager: task.client, tasks: [task] });
      expect(text).to.not.match(/4200000|0xfeed|secret/);
      const injected = createDashboardApp({ config: config(up.url, up.url), distDir: tmpdir(), announced: () => ({ manager: task.client, tasks: [] }) });
      expect(await (await injected.request("/manager/tasks")).json()).to.deep.equal({ manager: task.client, tasks: [] });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("error: a board that is down or answers something else is a 502 with the reason, and the page falls back to the chain", async () => {
    const down = await createDashboardApp({ config: config(up.url, up.url), distDir: tmpdir() }).request("/manager/tasks");
    expect(down.status).to.equal(502);
    const downBody = (await down.json()) as { error: { code: string; details: { reason: string } } };
    expect(downBody.error.code).to.equal("MANAGER_UNAVAILABLE");
    expect(downBody.error.details.reason).to.match(/cannot reach the manager's board/);
    // The stand-in upstream answers every GET with {ok:true}: not a list of announced tasks.
    const wrong = await createDashboardApp({ config: config(up.url, up.url, up.url), distDir: tmpdir() }).request("/manager/tasks");
    expect(wrong.status).to.equal(502);
    expect(((await wrong.json()) as { error: { details: { reason: string } } }).error.details.reason).to.match(/is not a list of announced tasks/);
  });

  it("error: a bad DASHBOARD_PORT or RPC_URL is a typed configuration error naming the variable", () => {
    expect(() => parseDashboardEnv({ DASHBOARD_PORT: "99999" })).to.throw(/DASHBOARD_PORT/);
    expect(() => parseDashboardEnv({ RPC_URL: "not a url" })).to.throw(/RPC_URL/);
    expect(() => parseDashboardEnv({ BOARD_URL: "nope" })).to.throw(/BOARD_URL/);
    expect(parseDashboardEnv({})).to.include({ DASHBOARD_PORT: 8700, DASHBOARD_HOST: "127.0.0.1", INDEXER_URL: "http://127.0.0.1:8787", BOARD_URL: "http://127.0.0.1:8600" });
  });
});
