import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { describe, it } from "mocha";
import { indexerChain } from "../indexer/fixtures.js";
import { freePort, startIndexerProcess } from "./support/indexerProcess.js";
import { serveRpc } from "./support/serveRpc.js";

// `DATABASE_URL=… npm run bench` (and test:hardening) runs PostgreSQL rows and PGlite rows side by
// side: a PGlite indexer child must not pick up the harness's PostgreSQL from its environment.
describe("hardening harness: indexer child processes", function () {
  this.timeout(120_000);

  it("error: a PGlite child stays on PGlite when the harness has DATABASE_URL, DATABASE_READ_URL and DB_SCHEMA set", async () => {
    const chain = await indexerChain();
    const rpc = await serveRpc(chain.connection.provider);
    const dataDir = await mkdtemp(join(tmpdir(), "indexer-env-"));
    const names = ["DATABASE_URL", "DATABASE_READ_URL", "DB_SCHEMA"] as const;
    const saved = names.map((n) => process.env[n]);
    process.env.DATABASE_URL = "postgres://nobody:secret@127.0.0.1:1/nowhere";
    process.env.DATABASE_READ_URL = "postgres://nobody:secret@127.0.0.1:2/nowhere";
    process.env.DB_SCHEMA = "t_nowhere";
    let proc: Awaited<ReturnType<typeof startIndexerProcess>> | undefined;
    try {
      proc = await startIndexerProcess({ RPC_URL: rpc.url, ESCROW_ADDRESS: chain.escrowAddr, DATA_DIR: dataDir, PORT: String(await freePort()), CONFIRMATIONS: "0", POLL_MS: "200" });
      expect((await fetch(`${proc.url}/health`)).status).to.equal(200);
      expect(proc.output()).to.include(`"DATABASE":"embedded (PGlite) at ${dataDir}"`);
      expect(proc.output()).not.to.include("nowhere");
    } finally {
      names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
      await proc?.kill();
      await rpc.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
