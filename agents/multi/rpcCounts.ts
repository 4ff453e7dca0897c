import type { Child } from "../cli/processes.js";
import { RPC_COUNTS_LINE } from "./clients.js";
import { cpuComponent } from "./cpuSampling.js";

type Counts = Record<string, number>;

/** The JSON-RPC calls a child started with RPC_COUNTS_MS reported last (cumulative), or undefined before its first report. */
export function lastRpcCounts(child: Child): Counts | undefined {
  for (let i = child.lines.length - 1; i >= 0; i--) {
    const line = child.lines[i]!;
    if (line.startsWith(RPC_COUNTS_LINE)) return JSON.parse(line.slice(RPC_COUNTS_LINE.length)) as Counts;
  }
  return undefined;
}

/**
 * The calls each component's processes (cpuComponent: every worker process counts as `workers`)
 * made between two snapshots of {@link lastRpcCounts} per child, divided by `per`, largest first;
 * an `eth_call <address>` is named after the contract `names` gives it.
 *
 * @example
 * rpcCountsBy(atStart, atEnd, settled, { [addressKey(escrow)]: "TaskEscrow" }) // { workers: { eth_call: 12.5, "eth_call TaskEscrow": 9 }, ... }
 */
export function rpcCountsBy(from: Map<string, Counts>, to: Map<string, Counts>, per: number, names: Record<string, string>): Record<string, Counts> {
  const by: Record<string, Counts> = {};
  for (const [name, end] of to) {
    const start = from.get(name) ?? {};
    const sum = (by[cpuComponent(name)] ??= {});
    for (const [key, n] of Object.entries(end)) {
      const [method, to] = key.split(" ");
      const label = to ? `${method} ${names[to] ?? to}` : key;
      sum[label] = (sum[label] ?? 0) + n - (start[key] ?? 0);
    }
  }
  return Object.fromEntries(
    Object.entries(by).map(([c, counts]) => [
      c,
      Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Number((n / per).toFixed(1))])),
    ]),
  );
}

/** Every child's last reported counts (those that reported). */
export function rpcSnapshot(children: readonly Child[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const c of children) {
    const counts = lastRpcCounts(c);
    if (counts) out.set(c.name, counts);
  }
  return out;
}

/** Counts of the JSON-RPC methods a `hardhat node` logged (one method name per line, coloured), divided by `per` (one decimal), largest first. */
export function rpcMethods(lines: readonly string[], per: number): Counts {
  const counts: Counts = {};
  for (const line of lines) {
    const m = /^(?:\x1b\[[0-9;]*m)*((?:eth|net|web3|evm|hardhat|debug)_\w+)(?:\x1b\[[0-9;]*m)*$/.exec(line.trim());
    if (m) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Number((n / per).toFixed(1))]));
}
