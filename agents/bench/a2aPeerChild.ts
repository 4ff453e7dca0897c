// A child process of the A2A bench (agents/bench/a2aBench.ts): one worker agent with its own A2A
// endpoint. Prints `ready <url>`, then reads the bench network (JSON, one line) on stdin.
import { createInterface } from "node:readline";
import { PrivateKey } from "../protocol/codecs.js";
import { startBenchPeer, type A2ABenchNet } from "./a2aPeer.js";

let net: A2ABenchNet = { domain: JSON.parse(process.env.BENCH_DOMAIN!) as A2ABenchNet["domain"], wallets: {}, urls: {} };
const peer = await startBenchPeer(PrivateKey.parse(process.env.BENCH_KEY), process.env.BENCH_AGENT_ID!, () => net, true);
console.log(`ready ${peer.endpoint.url}`);
createInterface({ input: process.stdin }).on("line", (line) => {
  net = JSON.parse(line) as A2ABenchNet;
  console.log("net");
});
process.once("SIGTERM", () => void peer.close().then(() => process.exit(0)));
