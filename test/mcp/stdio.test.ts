import { spawn } from "node:child_process";
import { describe, it } from "mocha";
import { expect } from "chai";
import { mnemonicToAccount } from "viem/accounts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { connectMcp, errorCode, mcpArgs, RUN, startMcpMarket } from "./mcpMarket.js";

const CLIENT_ADDRESS = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_ROLES.manager }).address;

describe("mcp server over stdio", function () {
  this.timeout(180_000);

  it("writes nothing but JSON-RPC to stdout when started as the README's host configuration does (./run mcp)", async () => {
    const m = await startMcpMarket();
    const child = spawn(RUN, mcpArgs("--role", "client"), { env: { ...process.env, ...m.env, BOARD_PORT: "0" }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    try {
      const send = (msg: object) => child.stdin.write(JSON.stringify({ jsonrpc: "2.0", ...msg }) + "\n");
      send({ id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      const lines = async (n: number) => {
        for (let i = 0; i < 1_200 && stdout.split("\n").filter(Boolean).length < n; i++) await new Promise((r) => setTimeout(r, 100));
        return stdout.split("\n").filter(Boolean);
      };
      expect(await lines(1), stderr).to.have.length(1);
      send({ method: "notifications/initialized" });
      send({ id: 2, method: "tools/call", params: { name: "market_status", arguments: {} } });
      const all = await lines(2);
      expect(stdout[0]).to.equal("{");
      for (const line of all) expect(JSON.parse(line)).to.include({ jsonrpc: "2.0" });
      expect(JSON.parse(all[0]!).result.serverInfo.name).to.equal("agent-market");
      expect(JSON.parse(all[1]!).result.structuredContent.address).to.equal(CLIENT_ADDRESS);
      // The build, npm and the agent's own lines went to stderr.
      expect(stderr).to.match(new RegExp(`mcp client ${CLIENT_ADDRESS} on chain 31337`));
    } finally {
      child.kill("SIGTERM");
      await m.close();
    }
  });

  it("market_status and reputation answer with structured output; a bad argument or tool is a coded tool error", async () => {
    const m = await startMcpMarket();
    const { client, close } = await connectMcp({ ...m.env, BOARD_PORT: "0" }, ["--role", "client"]);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools.map((t) => t.name)).to.include.members(["market_status", "reputation", "post_task", "list_bids", "award", "get_result", "release", "dispute", "cancel", "review"]);
      for (const t of tools) expect(t.outputSchema, t.name).to.not.equal(undefined);

      await m.mint(CLIENT_ADDRESS, 5_000_000n);
      const status = await client.callTool({ name: "market_status", arguments: {} });
      expect(status.isError).to.not.equal(true);
      const s = status.structuredContent as Record<string, unknown>;
      expect(s).to.include({ role: "client", address: CLIENT_ADDRESS, chainId: 31337, tokenBalance: "5000000" });
      expect(s.agentId).to.be.a("string");

      const rep = await client.callTool({ name: "reputation", arguments: { address: CLIENT_ADDRESS } });
      expect(rep.structuredContent).to.include({ address: CLIENT_ADDRESS, provenReviews: 0, meanProvenRating: null });

      const before = await m.txCount(CLIENT_ADDRESS);
      expect(errorCode(await client.callTool({ name: "reputation", arguments: { address: "0x123" } }))).to.equal("TOOL_INPUT_INVALID");
      expect(errorCode(await client.callTool({ name: "reputation", arguments: { address: 42 } }))).to.equal("TOOL_INPUT_INVALID");
      expect(errorCode(await client.callTool({ name: "market_status", arguments: { extra: true } }))).to.equal("TOOL_INPUT_INVALID");
      expect(errorCode(await client.callTool({ name: "no_such_tool", arguments: {} }))).to.equal("TOOL_UNKNOWN");
      expect(await m.txCount(CLIENT_ADDRESS)).to.equal(before);
    } finally {
      await close();
      await m.close();
    }
  });

  it("serves the same tools over Streamable HTTP on loopback with --http", async () => {
    const m = await startMcpMarket();
    // Its own process group: `./run` → npm → sh → tsx → node, and a SIGTERM to npm alone leaves the server running.
    const child = spawn(RUN, mcpArgs("--role", "client", "--http", "0"), { env: { ...process.env, ...m.env, BOARD_PORT: "0" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const client = new Client({ name: "http-test", version: "1" });
    try {
      let url: string | undefined;
      for (let i = 0; i < 1_200 && !url; i++, await new Promise((r) => setTimeout(r, 100))) url = /mcp listening (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      expect(url, stderr).to.be.a("string");
      await client.connect(new StreamableHTTPClientTransport(new URL(url!)));
      const status = await client.callTool({ name: "market_status", arguments: {} });
      expect(status.structuredContent).to.include({ role: "client", address: CLIENT_ADDRESS });
      expect(errorCode(await client.callTool({ name: "post_task", arguments: { title: 1 } }))).to.equal("TOOL_INPUT_INVALID");
    } finally {
      await client.close();
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
      await m.close();
    }
  });
});
