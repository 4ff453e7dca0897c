import http from "node:http";
import type { AddressInfo } from "node:net";

// Child process of benchProofsProduction, the floor: a node:http server that answers every
// request at once with one fixed JSON body of the size given as its argument (a real proof
// response's). The same paced load against it measures what the machine, the load generator and
// HTTP on loopback give with no indexer work at all. Prints `fixed answer listening on <url>`.
const bytes = Number(process.argv[2]);
const body = JSON.stringify({ pad: "x".repeat(Math.max(0, bytes - 10)) });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log(`fixed answer listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
