import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { freePort } from "./processes.js";
import { inNamespace, type Host, type NamespacePlan } from "./netns.js";

const run = promisify(execFile);

/** Which host each process of the multi-process mode runs on. */
export function hostOf(name: string): Host {
  if (["node", "deploy", "indexer", "dashboard"].includes(name)) return "chain";
  return name === "manager" ? "manager" : "workers";
}

/**
 * Where the multi-process mode's processes run and how they reach each other: all on loopback
 * (the default), or on three hosts (network namespaces) that dial each other's addresses.
 */
export interface Placement {
  /** Command prefix that runs node on `host` (empty: here). */
  wrap(host: Host): string[];
  /** The address `from` dials to reach `to`. */
  address(from: Host, to: Host): string;
  /** The address servers bind. */
  bindHost: string;
  ports: { rpc: number; indexer: number; board: number };
  /** GET `url` as seen from `host`, parsed as JSON (undefined on any failure). */
  getJson(host: Host, url: string): Promise<unknown>;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  return res?.ok ? res.json().catch(() => undefined) : undefined;
}

/** Everything on 127.0.0.1, on free ports. */
export async function loopbackPlacement(): Promise<Placement> {
  const ports = { rpc: await freePort(), indexer: await freePort(), board: await freePort() };
  return { wrap: () => [], address: () => "127.0.0.1", bindHost: "127.0.0.1", ports, getJson: (_host, url) => fetchJson(url) };
}

/**
 * Each host in its own network namespace (netns.ts), servers bound to every address of their
 * host, on fixed ports: the namespaces are private to this run, so nothing else can hold them.
 */
export function namespacePlacement(plan: NamespacePlan): Placement {
  return {
    wrap: (host) => inNamespace(plan, host),
    address: (from, to) => plan.address(from, to),
    bindHost: "0.0.0.0",
    ports: { rpc: 8545, indexer: 8787, board: 8600 },
    async getJson(host, url) {
      const script = `fetch(${JSON.stringify(url)},{signal:AbortSignal.timeout(5000)}).then(r=>r.ok?r.text():"").then(t=>process.stdout.write(t),()=>{})`;
      const out = await run(inNamespace(plan, host)[0]!, [...inNamespace(plan, host).slice(1), process.execPath, "-e", script]).catch(() => undefined);
      try {
        return out?.stdout ? (JSON.parse(out.stdout) as unknown) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
