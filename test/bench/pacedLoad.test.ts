import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "mocha";
import { pacedLoad } from "../../agents/bench/pacedLoad.js";

// The paced load generator speaks HTTP/1.1 on raw sockets (pacedLoadWorker.mjs): every kind of
// response our servers send must be read to its end and counted, or the figures would lie.
describe("pacedLoad (the open-loop generator)", function () {
  this.timeout(30_000);

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  it("reads sized, chunked, empty and connection-closing responses to their end and counts each status", async () => {
    const seen: string[] = [];
    const { server, url } = await serve((req, res) => {
      seen.push(req.url!);
      const body = JSON.stringify({ path: req.url, pad: "x".repeat(3_000) });
      if (req.url!.startsWith("/sized")) res.writeHead(200, { "content-length": Buffer.byteLength(body) }).end(body);
      else if (req.url!.startsWith("/chunked")) {
        res.writeHead(200);
        res.write(body.slice(0, 100));
        setImmediate(() => res.end(body.slice(100)));
      } else if (req.url!.startsWith("/empty")) res.writeHead(204).end();
      else if (req.url!.startsWith("/closing")) res.writeHead(413, { connection: "close", "content-length": 2 }).end("{}");
      else res.writeHead(404, { "content-length": 0 }).end();
    });
    try {
      const paths = ["/sized?a=1", "/chunked", "/empty", "/closing", "/missing"];
      const f = await pacedLoad({ url, paths, rate: 200, seconds: 1 });
      expect(f).to.include({ targetRate: 200, requests: 200, errors: 0, non2xx: 80 });
      expect(seen).to.have.length(200);
      for (const path of paths) expect(seen.filter((p) => p === path), path).to.have.length(40);
      expect(f.p99Ms).to.be.at.least(f.p50Ms);
    } finally {
      server.close();
    }
  });

  it("a warm-up runs first on the same connections and is not reported: the measured run opens no connection of its own", async () => {
    const seen: string[] = [];
    const opened: number[] = []; // how many requests the server had seen when each connection opened
    const { server, url } = await serve((req, res) => {
      seen.push(req.url!);
      res.writeHead(200, { "content-length": 2 }).end("{}");
    });
    server.on("connection", () => opened.push(seen.length));
    try {
      const f = await pacedLoad({ url, paths: ["/measured"], rate: 20, seconds: 0.5, warmup: { paths: ["/warm"], seconds: 0.5 } });
      expect(f).to.include({ requests: 10, errors: 0, non2xx: 0 });
      expect(seen).to.deep.equal([...Array(10).fill("/warm"), ...Array(10).fill("/measured")]);
      expect(opened.length).to.be.greaterThan(0);
      expect(Math.max(...opened), "requests seen when the last connection opened").to.be.below(10);
    } finally {
      server.close();
    }
  });

  it("a request the server drops unanswered on a kept-alive connection (its idle timeout) is sent again on a new connection, not counted as an error", async () => {
    const seen: string[] = [];
    const { server, url } = await serve((req, res) => {
      seen.push(req.url!);
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served === 2) return void socket.destroy(); // closes as the second request arrives
      res.writeHead(200, { "content-length": 2 }).end("{}");
    });
    try {
      const f = await pacedLoad({ url, paths: ["/a"], rate: 20, seconds: 0.5 });
      expect(f).to.include({ requests: 10, errors: 0, non2xx: 0 });
      expect(seen.length, "requests the server saw, the dropped ones included").to.be.greaterThan(10);
    } finally {
      server.close();
    }
  });

  it("error: counts every request to a server that is gone as an error, and still finishes", async () => {
    const { server, url } = await serve((_req, res) => res.end());
    await new Promise((resolve) => server.close(resolve));
    const f = await pacedLoad({ url, paths: ["/a", "/b"], rate: 100, seconds: 0.5 });
    expect(f).to.include({ requests: 50, errors: 50, non2xx: 0 });
  });
});
