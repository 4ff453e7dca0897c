import { connect } from "node:net";
import { describe, it } from "mocha";
import { expect } from "chai";
import { createIndexer } from "../../agents/indexer/createIndexer.js";
import { KEEP_ALIVE_MS, startIndexerServer } from "../../agents/indexer/server.js";
import { freshDb, indexerChain } from "./fixtures.js";

// Behind a load balancer, the API's idle connections must outlive the balancer's idle timeout
// (often 60 s): with Node's 5 s default the balancer sends on a connection the API just closed.
describe("indexer API keep-alive", function () {
  this.timeout(30_000);

  it("keeps an idle connection open past Node's 5 s default and answers the next request on it", async () => {
    expect(KEEP_ALIVE_MS).to.be.greaterThan(60_000);
    const chain = await indexerChain();
    const db = await freshDb("pglite");
    const indexer = await createIndexer({ db, publicClient: chain.publicClient, escrow: chain.escrowAddr, confirmations: 0 });
    const server = await startIndexerServer(indexer, { port: 0 });
    const socket = connect(server.port, "127.0.0.1");
    try {
      let received = "";
      let closed = false;
      socket.setEncoding("utf8").on("data", (c: string) => (received += c));
      socket.on("close", () => (closed = true));
      const ask = async () => {
        const before = received.length;
        socket.write("GET /health HTTP/1.1\r\nHost: indexer\r\n\r\n");
        while (!received.slice(before).includes('"ok":true')) {
          expect(closed, "the connection was closed").to.equal(false);
          await new Promise((r) => setTimeout(r, 20));
        }
        return received.slice(before);
      };
      expect(await ask()).to.match(/^HTTP\/1\.1 200 /);
      await new Promise((r) => setTimeout(r, 6_000)); // idle for longer than Node's default keepAliveTimeout
      expect(closed, "closed while idle").to.equal(false);
      expect(await ask()).to.match(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
      await server.close();
      await db.dispose();
    }
  });
});
