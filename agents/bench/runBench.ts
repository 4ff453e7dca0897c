import type { PublicClient } from "viem";
import { deployLocalMarket, type LocalChain } from "../deploy/deployLocalMarket.js";
import { localAccounts } from "../wiring/localAccounts.js";
import { createIndexer } from "../indexer/createIndexer.js";
import { openDb } from "../indexer/db/openDb.js";
import type { MerkleBenchRow } from "./merkleBench.js";
import { benchAllocation, type AllocationRow } from "./allocation.js";
import { benchEndToEnd, type EndToEndSection } from "./endToEnd.js";
import { benchGas, type GasSection } from "./gas.js";
import { benchJury, type JurySection } from "./jury.js";
import { machine, type Machine } from "./machine.js";
import { benchMarket, type MarketSection } from "./market.js";
import { benchMerkleSection } from "./merkle.js";
import { benchProofsApi, type ProofsApiSection } from "./proofsApi.js";
import { benchTeams, type TeamsSection } from "./teams.js";
import { benchA2A, type A2ASection } from "./a2aBench.js";

export interface BenchReport {
  gas: GasSection;
  merkle: MerkleBenchRow[];
  allocation: AllocationRow[];
  endToEnd: EndToEndSection;
  proofsApi: ProofsApiSection;
  market: MarketSection;
  jury: JurySection;
  teams: TeamsSection;
  a2a: A2ASection;
  meta: { mode: "full" | "quick"; command: string; machine: Machine; startedAt: string; seconds: number };
}

/** An in-process Hardhat network, as `network.create()` returns it. */
export interface BenchNetwork extends LocalChain {
  networkHelpers: { mine(blocks?: number): Promise<unknown>; time: { increase(s: number): Promise<unknown>; increaseTo(t: number): Promise<unknown> } };
}

export interface BenchSizes {
  merkle: number[];
  /** Streaming builds, each in a child process that reports its peak RSS. */
  merkleStreaming: number[];
  allocation: { bidders: number[]; rounds: number };
  endToEnd: { tasks: number };
  proofsApi: { reviews: number; rate: number; seconds: number };
  market: { tasks: number; honest: number; rings: number };
  jury: { disputes: number };
  teams: { tasks: number };
  /** A2A round trips and fan-outs (each) between agent processes. */
  a2a: { rounds: number };
}

export const FULL: BenchSizes = {
  merkle: [1_000, 100_000, 1_000_000],
  merkleStreaming: [10_000_000],
  allocation: { bidders: [10, 100, 1_000], rounds: 500 },
  endToEnd: { tasks: 200 },
  proofsApi: { reviews: 100_000, rate: 1_000, seconds: 10 },
  market: { tasks: 1_000, honest: 400, rings: 30 },
  jury: { disputes: 1_000 },
  teams: { tasks: 1_000 },
  a2a: { rounds: 1_000 },
};

/** `--quick`: the same code paths at CI sizes (well under two minutes). */
export const QUICK: BenchSizes = {
  merkle: [1_000, 10_000],
  merkleStreaming: [100_000],
  allocation: { bidders: [10, 100, 1_000], rounds: 200 },
  endToEnd: { tasks: 30 },
  proofsApi: { reviews: 5_000, rate: 500, seconds: 2 },
  market: { tasks: 1_000, honest: 400, rings: 30 },
  jury: { disputes: 1_000 },
  teams: { tasks: 1_000 },
  a2a: { rounds: 100 },
};

/**
 * Runs every section of `npm run bench` in turn, each on its own fresh in-process network, and
 * returns the report (the JSON printed by `--json`).
 *
 * @example
 * const report = await runBench({ mode: "quick", createNetwork: () => network.create(), log: console.error });
 */
export async function runBench(o: { mode: "full" | "quick"; createNetwork: () => Promise<BenchNetwork>; log?: (line: string) => void; sizes?: BenchSizes }): Promise<BenchReport> {
  const log = o.log ?? (() => {});
  const sizes = o.sizes ?? (o.mode === "full" ? FULL : QUICK);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const s = performance.now();
    log(`[bench] ${name}...`);
    const r = await f();
    log(`[bench] ${name} done in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    return r;
  };
  const gas = await timed("gas", async () => benchGas(await o.createNetwork()));
  const merkle = await timed("merkle", () => benchMerkleSection(sizes.merkle, sizes.merkleStreaming, log));
  const allocation = await timed("allocation", () => benchAllocation(sizes.allocation.bidders, { rounds: sizes.allocation.rounds }));
  const endToEnd = await timed("endToEnd", async () => benchEndToEnd({ chain: await o.createNetwork(), tasks: sizes.endToEnd.tasks, log }));
  const proofsApi = await timed("proofsApi", async () => proofsSection(await o.createNetwork(), sizes.proofsApi, log));
  const market = await timed("market", () => benchMarket({ seed: 1, ...sizes.market }));
  const jury = await timed("jury", () => benchJury({ seed: 1, disputes: sizes.jury.disputes }));
  const teams = await timed("teams", () => benchTeams({ seed: 1, tasks: sizes.teams.tasks }));
  const command = o.mode === "full" ? "npm run bench" : "npm run bench -- --quick";
  const a2a = await timed("a2a", () => benchA2A({ rounds: sizes.a2a.rounds, command, log }));
  return {
    gas,
    merkle,
    allocation,
    endToEnd,
    proofsApi,
    market,
    jury,
    teams,
    a2a,
    meta: { mode: o.mode, command, machine: machine(), startedAt, seconds: Math.round((performance.now() - t0) / 1000) },
  };
}

/** Deploys the market (day-long epochs), starts an indexer on embedded PGlite, and runs the proofs section. */
export async function proofsSection(chain: LocalChain, s: BenchSizes["proofsApi"], log?: (line: string) => void): Promise<ProofsApiSection> {
  const { viem } = chain;
  const deployment = await deployLocalMarket(chain, { epochSeconds: 86_400 });
  const { owner } = await localAccounts(viem, 0);
  const db = await openDb({});
  // The chain's clock: the anchor refuses an epoch that has not started on-chain.
  let now = Number((await (await viem.getPublicClient()).getBlock()).timestamp);
  try {
    const indexer = await createIndexer({
      db,
      publicClient: (await viem.getPublicClient()) as unknown as PublicClient,
      walletClient: owner,
      escrow: deployment.escrow.address,
      anchor: deployment.anchor.address,
      epochSeconds: 86_400,
      clock: () => now,
    });
    return await benchProofsApi({ indexer, db, now, setNow: (t) => void (now = t), ...s, ...(log ? { log } : {}) });
  } finally {
    await db.close();
  }
}
