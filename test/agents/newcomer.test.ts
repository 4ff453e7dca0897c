import { describe, it } from "mocha";
import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ProcessSettings } from "../../agents/multi/roles.js";
import { AgentEnv } from "../../agents/runtime/agentConfig.js";
import { DEFAULT_INDEXER_URL } from "../../agents/indexer/client.js";

/** Runs package.json's `node` script as npm would (sh -c, node_modules/.bin on PATH) until it says where it listens. */
async function nodeListenLine(extraEnv: Record<string, string>): Promise<string> {
  const pkg = JSON.parse(await readFile("package.json", "utf8")) as { scripts: Record<string, string> };
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn("sh", ["-c", `exec ${pkg.scripts.node} --port ${port}`], {
    env: { ...process.env, ...extraEnv, PATH: `${path.resolve("node_modules/.bin")}:${process.env.PATH}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no listen line within 60 s: ${out}`)), 60_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /JSON-RPC server at (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once("exit", (code) => reject(new Error(`hardhat node exited with ${code}: ${out}`)));
    });
  } finally {
    child.kill("SIGTERM");
  }
}

describe("newcomer defaults", () => {
  it("agents post reviews to the README's indexer address when INDEXER_URL is unset", () => {
    expect(DEFAULT_INDEXER_URL).to.equal("http://127.0.0.1:8787");
    expect(ProcessSettings.parse({}).INDEXER_URL).to.equal(DEFAULT_INDEXER_URL);
    const env = AgentEnv.parse({ ROLE: "worker", PRIVATE_KEY: `0x${"ab".repeat(32)}` });
    expect(env.INDEXER_URL).to.equal(DEFAULT_INDEXER_URL);
    expect(ProcessSettings.parse({ INDEXER_URL: "http://10.0.0.2:9000" }).INDEXER_URL).to.equal("http://10.0.0.2:9000");
  });

  it("`./run node` listens on 127.0.0.1 (also inside a container, where Hardhat's default is 0.0.0.0)", async () => {
    expect(await nodeListenLine({})).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
