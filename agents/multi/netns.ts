import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The three hosts of an across-hosts market: chain and indexer, the manager, the workers. */
export type Host = "chain" | "manager" | "workers";
const HOSTS: readonly Host[] = ["chain", "manager", "workers"];

/**
 * Three network namespaces joined pairwise by veth pairs, one /24 per link: what each host is
 * called and at which address each host reaches each other one.
 */
export interface NamespacePlan {
  /** Namespace name per host (unique per run). */
  ns: Record<Host, string>;
  links: { a: Host; b: Host; ifA: string; ifB: string; ipA: string; ipB: string }[];
  /** `address(from, to)`: the address `from` dials to reach `to`. */
  address(from: Host, to: Host): string;
}

/**
 * Names and addresses for one run; `tag` (a few letters or digits) makes the namespace and
 * interface names unique, `subnet` (1-254) picks 10.<subnet>.{1,2,3}.0/24 for the three links.
 *
 * @example const plan = planNamespaces("a1b2", 77); plan.address("workers", "manager") // "10.77.3.2"
 */
export function planNamespaces(tag: string, subnet: number): NamespacePlan {
  if (!/^[a-z0-9]{1,8}$/.test(tag) || !(Number.isInteger(subnet) && subnet >= 1 && subnet <= 254)) throw new Error(`bad namespace tag ${tag} or subnet ${subnet}`);
  const ns = Object.fromEntries(HOSTS.map((h) => [h, `am-${tag}-${h}`])) as Record<Host, string>;
  const hostNo: Record<Host, number> = { chain: 1, manager: 2, workers: 3 };
  const pairs: [Host, Host][] = [["chain", "manager"], ["chain", "workers"], ["manager", "workers"]];
  const links = pairs.map(([a, b], i) => ({
    a,
    b,
    // Interface names are at most 15 characters.
    ifA: `v${tag}${i}${hostNo[a]}`,
    ifB: `v${tag}${i}${hostNo[b]}`,
    ipA: `10.${subnet}.${i + 1}.${hostNo[a]}`,
    ipB: `10.${subnet}.${i + 1}.${hostNo[b]}`,
  }));
  return {
    ns,
    links,
    address(from, to) {
      if (from === to) return "127.0.0.1";
      const l = links.find((x) => (x.a === from && x.b === to) || (x.a === to && x.b === from))!;
      return l.a === to ? l.ipA : l.ipB;
    },
  };
}

/** `ip` with arguments; rejects with its stderr. */
async function ip(...args: string[]): Promise<void> {
  await run("ip", args);
}

/**
 * Creates the namespaces, the veth pairs and their addresses, and brings every link (and each
 * namespace's loopback) up. Needs root (CAP_NET_ADMIN). On failure, whatever was created is
 * removed again before the error is thrown.
 */
export async function setUpNamespaces(plan: NamespacePlan): Promise<void> {
  try {
    for (const h of HOSTS) {
      await ip("netns", "add", plan.ns[h]);
      await ip("-n", plan.ns[h], "link", "set", "lo", "up");
    }
    for (const l of plan.links) {
      await ip("link", "add", l.ifA, "netns", plan.ns[l.a], "type", "veth", "peer", "name", l.ifB, "netns", plan.ns[l.b]);
      for (const [host, dev, addr] of [[l.a, l.ifA, l.ipA], [l.b, l.ifB, l.ipB]] as const) {
        await ip("-n", plan.ns[host], "addr", "add", `${addr}/24`, "dev", dev);
        await ip("-n", plan.ns[host], "link", "set", dev, "up");
      }
    }
  } catch (err) {
    await tearDownNamespaces(plan);
    throw err;
  }
}

/** Deletes the namespaces (which deletes their veth pairs); never throws, safe to call twice. */
export async function tearDownNamespaces(plan: NamespacePlan): Promise<void> {
  for (const h of HOSTS) await ip("netns", "delete", plan.ns[h]).catch(() => undefined);
}

/** Whether this process may create namespaces (root with the `ip` tool), and why not if not. */
export async function canUseNamespaces(): Promise<{ ok: true } | { ok: false; why: string }> {
  if (process.getuid?.() !== 0) return { ok: false, why: "network namespaces need root (CI runs as root)" };
  try {
    await run("ip", ["-V"]);
  } catch {
    return { ok: false, why: "the `ip` tool (iproute2) is not installed" };
  }
  return { ok: true };
}

/** The command prefix that runs a program inside `host`'s namespace. */
export const inNamespace = (plan: NamespacePlan, host: Host): string[] => ["ip", "netns", "exec", plan.ns[host]];
