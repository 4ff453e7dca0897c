import type { Address } from "viem";
import { swarmMetrics, type SwarmMetrics } from "../../demo/metrics.js";
import { isSettled, outcomeOf, type TaskRow } from "./tasks.js";

// Pure and browser-safe.

/** What a directory of agents says about one: the registry's id and skills, when there is one. */
export interface AgentEntry {
  address: Address;
  /** ERC-8004 agent id and the name on its card. */
  agentId?: string;
  name?: string;
  skills?: string[];
}

/**
 * Where the page learns who the agents are. Without a registry, the parties of the escrow's
 * tasks ({@link partiesOf}); with one, its entries (GET /agents on the indexer) are merged in.
 */
export interface AgentSource {
  readonly name: string;
  /** null: this source is not available (e.g. the indexer has no registry). */
  list(): Promise<AgentEntry[] | null>;
}

export type Role = "client" | "worker" | "arbiter";

/** One agent's record on the escrow. */
export interface AgentRow extends AgentEntry {
  roles: Role[];
  /** Tasks it funded as the client. */
  asClient: number;
  /** Tasks it was funded for as the worker, and how many of those settled. */
  tasks: number;
  settled: number;
  successes: number;
  disputes: number;
  /** Worker payouts per token (checksummed token address). */
  earnings: Record<string, bigint>;
  /** Share of its settled tasks as worker that were released or auto-released / went to dispute. */
  successRate: number | null;
  disputeRate: number | null;
}

/** Every client, worker and arbiter named by a funded task. */
export function partiesOf(rows: readonly TaskRow[]): AgentEntry[] {
  const seen = new Map<Address, AgentEntry>();
  for (const r of rows) for (const a of [r.client, r.worker, r.arbiter]) seen.set(a, { address: a });
  return [...seen.values()];
}

/**
 * Merges directory entries (later sources win for id and skills) and adds each agent's escrow
 * record. Agents are ordered workers first, then by earnings.
 *
 * @example
 * const agents = agentRows(rows, [partiesOf(rows), registryEntries ?? []]);
 */
export function agentRows(rows: readonly TaskRow[], directories: readonly (readonly AgentEntry[])[]): AgentRow[] {
  // Addresses are checksummed where they enter (foldTasks, registryEntries), so they key the map as they are.
  const byAddr = new Map<Address, AgentRow>();
  const get = (a: Address) => {
    let row = byAddr.get(a);
    if (!row) {
      row = { address: a, roles: [], asClient: 0, tasks: 0, settled: 0, successes: 0, disputes: 0, earnings: {}, successRate: null, disputeRate: null };
      byAddr.set(a, row);
    }
    return row;
  };
  for (const dir of directories) for (const e of dir) Object.assign(get(e.address), { ...(e.agentId ? { agentId: e.agentId } : {}), ...(e.name ? { name: e.name } : {}), ...(e.skills ? { skills: e.skills } : {}) });
  const role = (a: Address, r: Role) => {
    const row = get(a);
    if (!row.roles.includes(r)) row.roles.push(r);
    return row;
  };
  for (const t of rows) {
    role(t.client, "client").asClient += 1;
    role(t.arbiter, "arbiter");
    const w = role(t.worker, "worker");
    w.tasks += 1;
    const outcome = outcomeOf(t.status);
    if (!outcome) continue;
    w.settled += 1;
    if (outcome === "released" || outcome === "auto-released") w.successes += 1;
    if (outcome === "ruled" || outcome === "fallback-settled") w.disputes += 1;
    w.earnings[t.token] = (w.earnings[t.token] ?? 0n) + t.payout;
  }
  for (const r of byAddr.values()) {
    r.successRate = r.settled ? r.successes / r.settled : null;
    r.disputeRate = r.settled ? r.disputes / r.settled : null;
  }
  const total = (r: AgentRow) => Object.values(r.earnings).reduce((s, x) => s + x, 0n);
  return [...byAddr.values()].sort((a, b) => Number(b.roles.includes("worker")) - Number(a.roles.includes("worker")) || (total(b) > total(a) ? 1 : total(b) < total(a) ? -1 : 0));
}

/**
 * The swarm's success rate, dispute rate and Gini of earnings, with the demo's definitions
 * (agents/demo/metrics.ts), over the settled tasks and the given workers' earnings in `token`.
 */
export function marketMetrics(rows: readonly TaskRow[], workers: readonly AgentRow[], token: Address | undefined): SwarmMetrics {
  const outcomes = rows.flatMap((r) => (isSettled(r.status) ? [outcomeOf(r.status)] : [])).filter((o) => o !== null);
  return swarmMetrics({ outcomes, earningsByWorker: workers.map((w) => (token ? (w.earnings[token] ?? 0n) : 0n)), coordinationMs: 0, workMs: 0 });
}

