import { spawn, type ChildProcess } from "node:child_process";
import { getAddress, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Message } from "../protocol/messages.js";
import { BENCH_TASK, benchAnnounce, startBenchPeer, type A2ABenchNet } from "./a2aPeer.js";
import { benchEnvelopeCrypto, type EnvelopeCryptoRow } from "./envelopeCryptoBench.js";
import { processCpuMs } from "../cli/processes.js";
import { percentile } from "./stats.js";

const isTs = import.meta.url.endsWith(".ts");
const CHILD = new URL(`./a2aPeerChild.${isTs ? "ts" : "js"}`, import.meta.url).pathname;
/** Extra node flags for the worker processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` or `--trace-gc`. */
const childFlags = () => (process.env.A2A_BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);

export interface LatencyRow {
  n: number;
  p50Ms: number;
  p99Ms: number;
}

/** CPU milliseconds per operation, all processes together (from /proc, 10 ms ticks, over all operations). */
export interface CpuRow {
  /** This (manager) process. */
  managerMs: number;
  /** The worker processes together. */
  workersMs: number;
  totalMs: number;
}

export interface A2ASection {
  /** One signed message from the manager process to a worker process and the worker's receipt (verified envelope), over loopback. */
  roundTrip: LatencyRow;
  /** An announcement sent to 5 worker processes, until all 5 signed bids are back at the manager. */
  fanOut5: LatencyRow;
  /** CPU per round trip and per fan-out, so a figure measured on a busy machine still says what one message costs. */
  cpu: { roundTrip: CpuRow; fanOut5: CpuRow };
  /** One envelope signed and its signature checked in this process: viem's way (before) and the shared check's, interleaved. */
  envelopeCrypto: EnvelopeCryptoRow;
  goalRoundTripP99Ms: number;
  command: string;
}

/** Starts one worker child; resolves with it and its A2A URL once it prints `ready`. */
function startChild(key: string, agentId: string, domain: A2ABenchNet["domain"]): Promise<{ proc: ChildProcess; url: string; lines: string[] }> {
  const proc = spawn(process.execPath, [...childFlags(), ...(isTs ? ["--import", import.meta.resolve("tsx")] : []), CHILD], { env: { ...process.env, BENCH_KEY: key, BENCH_AGENT_ID: agentId, BENCH_DOMAIN: JSON.stringify(domain) }, stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    proc.stdout!.on("data", (b: Buffer) => {
      for (const l of b.toString().split("\n").filter(Boolean)) {
        lines.push(l);
        if (l.startsWith("ready ")) resolve({ proc, url: l.slice(6), lines });
      }
    });
    proc.once("exit", (code) => reject(new Error(`bench peer exited ${code}`)));
  });
}

const ms = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
/** Runs `n` operations one after another; their latencies and the CPU they took in every process. */
async function measure(n: number, op: () => Promise<unknown>, pids: number[]): Promise<{ ms: number[]; cpu: CpuRow }> {
  const workersCpu = () => pids.reduce((t, pid) => t + (processCpuMs(pid) ?? 0), 0);
  const [self0, w0] = [process.cpuUsage(), workersCpu()];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await ms(op));
  const self = process.cpuUsage(self0);
  const [managerMs, workersMs] = [(self.user + self.system) / 1000 / n, (workersCpu() - w0) / n];
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { ms: out, cpu: { managerMs: r3(managerMs), workersMs: r3(workersMs), totalMs: r3(managerMs + workersMs) } };
}

const row = (xs: number[]): LatencyRow => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50Ms: percentile(s, 50), p99Ms: percentile(s, 99) };
};

/**
 * The A2A section of `npm run bench`: a manager in this process and 5 worker processes on
 * loopback, each its own @a2a-js/sdk endpoint, every envelope EIP-712 signed and checked (signer
 * against the bound wallet, expiry, replay, payload hash). No LLM and no chain call is timed.
 *
 * @example const a2a = await benchA2A({ rounds: 500 }); // a2a.roundTrip.p99Ms
 */
export async function benchA2A(o: { rounds: number; command: string; log?: (line: string) => void }): Promise<A2ASection> {
  const domain = { chainId: 31337, escrow: getAddress(`0x${"e5".repeat(20)}`), registry: getAddress(`0x${"80".repeat(20)}`) };
  const keys = Array.from({ length: 6 }, () => generatePrivateKey());
  const net: A2ABenchNet = { domain, wallets: Object.fromEntries(keys.map((k, i) => [String(i + 1), privateKeyToAccount(k).address])), urls: {} };
  const children = await Promise.all(keys.slice(1).map((k, i) => startChild(k, String(i + 2), domain)));
  const manager = await startBenchPeer(keys[0]!, "1", () => net, false);
  try {
    net.urls = { "1": manager.endpoint.url, ...Object.fromEntries(children.map((c, i) => [String(i + 2), c.url])) };
    for (const c of children) c.proc.stdin!.write(`${JSON.stringify(net)}\n`);
    while (children.some((c) => !c.lines.includes("net"))) await new Promise((r) => setTimeout(r, 10));
    const workers = children.map((_, i) => net.wallets[String(i + 2)]!);
    const reject: Message = { type: "reject", taskId: BENCH_TASK, worker: workers[0]!, code: "outbid", reason: "bench" };
    let bids = 0;
    manager.endpoint.onMessage((d) => d.message.type === "bid" && bids++);
    const fanOut = async (to: Address[]) => {
      const want = bids + to.length;
      await Promise.all(to.map((w) => manager.endpoint.send(w, benchAnnounce(manager.endpoint.self.address, domain.escrow))));
      while (bids < want) await new Promise((r) => setImmediate(r));
    };
    const warm = Math.min(50, o.rounds);
    for (let i = 0; i < warm; i++) await manager.endpoint.send(workers[0]!, reject), await fanOut(workers);
    o.log?.(`[a2a] ${o.rounds} round trips, then ${o.rounds} fan-outs to 5 worker processes`);
    const pids = children.map((c) => c.proc.pid!);
    const rt = await measure(o.rounds, () => manager.endpoint.send(workers[0]!, reject), pids);
    const fo = await measure(o.rounds, () => fanOut(workers), pids);
    const envelopeCrypto = await benchEnvelopeCrypto(Math.min(o.rounds, 300));
    return { roundTrip: row(rt.ms), fanOut5: row(fo.ms), cpu: { roundTrip: rt.cpu, fanOut5: fo.cpu }, envelopeCrypto, goalRoundTripP99Ms: 10, command: o.command };
  } finally {
    await manager.close();
    for (const c of children) c.proc.kill("SIGTERM");
  }
}

/** The section as markdown, with the command that measured it. */
export function formatA2A(a: A2ASection): string[] {
  return [
    `## a2a (\`${a.command}\`: @a2a-js/sdk endpoints in separate processes on loopback, every envelope signed and checked)`,
    "",
    "| measurement | n | p50 ms | p99 ms |",
    "| --- | --- | --- | --- |",
    `| one signed message, manager → worker process, receipt back | ${a.roundTrip.n} | ${a.roundTrip.p50Ms} | ${a.roundTrip.p99Ms} |`,
    `| announcement to 5 worker processes, their 5 signed bids back | ${a.fanOut5.n} | ${a.fanOut5.p50Ms} | ${a.fanOut5.p99Ms} |`,
    "",
    `CPU per operation (all processes, /proc): round trip ${a.cpu.roundTrip.totalMs} ms (manager ${a.cpu.roundTrip.managerMs}, worker ${a.cpu.roundTrip.workersMs}); fan-out ${a.cpu.fanOut5.totalMs} ms (manager ${a.cpu.fanOut5.managerMs}, workers ${a.cpu.fanOut5.workersMs}).`,
    "",
    `Signing one envelope and checking its signature (mean of ${a.envelopeCrypto.envelopes}, interleaved): viem ${a.envelopeCrypto.viemMs} ms, shared check ${a.envelopeCrypto.sharedMs} ms.`,
    "",
    `Goal round trip p99 ≤ ${a.goalRoundTripP99Ms} ms: ${a.roundTrip.p99Ms <= a.goalRoundTripP99Ms ? "met" : "MISSED"}.`,
    "",
  ];
}
