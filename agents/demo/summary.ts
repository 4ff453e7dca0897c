import type { Address, Hex } from "viem";
import type { SimulatedWorker } from "../llm/simulatedWorkers.js";
import type { SettledOutcome } from "../protocol/taskLifecycle.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";
import type { ChainReport } from "./chainReport.js";
import type { JuryTeamSummary } from "./juryTeamSection.js";
import { DEMO_OUTCOMES, type DemoOutcome, type SwarmMetrics } from "./metrics.js";
import type { RegisteredMember } from "./registerDemoAgents.js";
import type { DemoVerdict } from "./verdictRows.js";

/** The market still running when the demo's tasks are done: what `--serve` keeps up. */
export interface LiveDemo {
  market: LocalMarket;
  chainId: number;
  contracts: { escrow: Address; anchor: Address; token: Address };
  /** Deployment blocks, where event scans start. */
  blocks: { escrow: bigint; anchor: bigint };
}

export interface DemoWorkerRow {
  /** The configured name. */
  name: string;
  /** The ERC-8004 id the market knows it by. */
  agentId: string;
  address: Address;
  score: number;
  calibration: number;
  successRate: number;
  earnings: string;
}

/** `jury` and `team`: the jury ruling and the team task run after the planned tasks (not counted in `tasks`). */
export interface DemoSummary extends Partial<JuryTeamSummary> {
  tasks: { total: number } & Record<DemoOutcome, number> & { unawarded: number };
  epochs: { epoch: string; root: Hex; leafCount: number }[];
  proofCheck: { review: Hex; offchain: boolean; onchain: boolean; facts: boolean };
  metrics: SwarmMetrics;
  amounts: { paid: string; refunded: string; fees: string; decimals: 6 };
  gasPerPath: Partial<Record<SettledOutcome, number>>;
  workers: DemoWorkerRow[];
  /** The criteria result behind each verdict the manager's judge gave, in task order. */
  verdicts: DemoVerdict[];
  contracts: { escrow: Address; anchor: Address; token: Address; registry: Address };
  /** Every agent's ERC-8004 identity, read back from the registry with its checked card. */
  registry: RegisteredMember[];
  llm: string;
  wallMs: number;
}

/** How many planned tasks ended in each outcome, by the escrow's events; the rest were never awarded. */
export function taskCounts(planned: number, chain: ChainReport): DemoSummary["tasks"] {
  const tasks = { total: planned, unawarded: planned - chain.outcomes.size } as DemoSummary["tasks"];
  for (const o of DEMO_OUTCOMES) tasks[o] = [...chain.outcomes.values()].filter((x) => x === o).length;
  return tasks;
}

/** Each worker's indexer score, the market's calibration and success rate, and its on-chain earnings. */
export async function workerRows(m: LocalMarket, team: readonly SimulatedWorker[], chain: ChainReport): Promise<DemoWorkerRow[]> {
  await m.syncIndexerClock();
  return Promise.all(
    team.map(async (w, i) => {
      const address = m.accounts.workers[i]!;
      const stats = m.market.tracker.stats(m.agentIds.workers[i]!);
      const rep = await m.indexer!.reputation(address);
      return {
        name: w.profile.agentId,
        agentId: m.agentIds.workers[i]!,
        address,
        score: round(rep.score),
        calibration: round(stats.calibration),
        successRate: round(stats.successRate),
        earnings: (chain.earnings.get(address) ?? 0n).toString(),
      };
    }),
  );
}

export const round = (x: number) => Math.round(x * 1000) / 1000;

/** Every number field of `o` rounded to three decimals. */
export function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])) as T;
}
