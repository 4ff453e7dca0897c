import type { LocalChain } from "../deploy/deployLocalMarket.js";
import { keccak256, stringToHex } from "viem";
import { SimulatedLlmClient } from "../llm/simulated.js";
import type { Outcome } from "../protocol/taskLifecycle.js";
import type { TaskSpec } from "../protocol/task.js";
import { createLocalMarket } from "../wiring/createLocalMarket.js";
import { warmChainOnlyLifecycles } from "../chain/chainOnlyLifecycles.js";
import { sig } from "./stats.js";
import { starterCriteria } from "../protocol/criteria.js";

export interface EndToEndSection {
  tasks: number;
  workers: number;
  /** Workers the capability filter asks to bid on each task (every one of them bids). */
  bidsPerTask: number;
  seconds: number;
  tasksPerSecond: number;
  /** Of the warm chain (a second pass of `tasks`). */
  chainOnlyLifecyclesPerSecond: number;
  /** The first pass, which warmed the chain up: not the baseline. */
  chainOnlyWarmUpLifecyclesPerSecond: number;
  /** tasksPerSecond / chainOnlyLifecyclesPerSecond (goal ≥ 0.5). */
  ratio: number;
  outcomes: Partial<Record<Outcome, number>>;
  /** Reviews the indexer accepted (two per settled task when every step worked). */
  reviewsStored: number;
}

const SKILLS = ["summarise", "translate", "review", "research", "testing", "solidity"];
const quiet = { info: () => {}, warn: () => {} };

/**
 * The endToEnd section, both sides on one in-process Hardhat network in the same run:
 * 1. chain-only: `tasks` × (fund + submit + release) through viem, no agents, timed after as
 *    many untimed ones that warm the chain up;
 * 2. agents: one manager, `workers` offline workers, an arbiter and the reputation indexer
 *    (embedded PGlite) on the in-process board. All `tasks` are announced at once, so
 *    announcements, bids, awards, work, judging, settlement and both reviews (each one an
 *    indexer ingest + a verified intake) overlap across workers, as a live market would.
 *    The clock stops when every task has its final outcome and the board is quiet.
 *
 * @example
 * const e2e = await benchEndToEnd({ chain: await network.create(), tasks: 200 });
 */
export async function benchEndToEnd(o: { chain: LocalChain; tasks: number; workers?: number; skills?: number; log?: (line: string) => void }): Promise<EndToEndSection> {
  const log = o.log ?? (() => {});
  const n = o.workers ?? 6;
  // Workers specialise (worker i has skill i mod `skills`) and tasks rotate over the skills, so
  // the capability filter asks n / skills workers per task, as in a market of specialists.
  const skills = Array.from({ length: Math.min(n, o.skills ?? 3) }, (_, k) => SKILLS[k % SKILLS.length]!);
  const m = await createLocalMarket({
    chain: o.chain,
    workers: Array.from({ length: n }, (_, i) => ({
      profile: { agentId: `w${i}`, skills: [skills[i % skills.length]!], costPerStep: 50_000 + 10_000 * i, maxSteps: 50 },
      llm: new SimulatedLlmClient({ workerId: `w${i}`, seed: i + 1, trueSuccessRate: 0.97 }),
    })),
    judge: new SimulatedLlmClient({ workerId: "judge", seed: 99 }),
    managerFunds: 10n ** 15n,
    indexer: { epochSeconds: 86_400 },
    log: () => quiet,
  });
  try {
    log(`endToEnd: chain-only, ${o.tasks} lifecycles to warm up, then ${o.tasks} timed`);
    const chainOnly = await warmChainOnlyLifecycles({
      publicClient: m.publicClient,
      client: m.wallets.manager,
      worker: m.wallets.workers[0]!,
      arbiter: m.accounts.arbiter,
      escrow: m.escrowAddress,
      token: m.token.address,
      tasks: o.tasks,
    });

    log(`endToEnd: agents, ${o.tasks} tasks over ${n} workers`);
    const now = Number((await m.publicClient.getBlock()).timestamp);
    const specs: TaskSpec[] = Array.from({ length: o.tasks }, (_, i) => ({
      taskId: keccak256(stringToHex(`e2e-${i}`)),
      title: `Task e2e-${i}`,
      description: `Work item ${i}.`,
      requiredSkills: [skills[i % skills.length]!],
      preferredSkills: [],
      budget: "5000000",
      token: m.token.address,
      deadline: now + 86_400,
      reviewPeriod: 3_600,
      arbiter: m.accounts.arbiter,
      criteria: starterCriteria([skills[i % skills.length]!]),
    }));
    const start = performance.now();
    const reports = specs.map((s) => m.manager.outcome(s.taskId));
    for (const s of specs) await m.manager.announce(s);
    const done = await Promise.all(reports);
    await m.settle();
    const seconds = (performance.now() - start) / 1000;

    const outcomes: Partial<Record<Outcome, number>> = {};
    for (const r of done) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    let reviewsStored = 0;
    for (const who of [m.accounts.manager, ...m.accounts.workers]) reviewsStored += !m.indexer ? 0 : (await m.indexer.reputation(who)).count;
    const tasksPerSecond = o.tasks / seconds;
    return {
      tasks: o.tasks,
      workers: n,
      bidsPerTask: sig(n / skills.length),
      seconds: sig(seconds),
      tasksPerSecond: sig(tasksPerSecond),
      chainOnlyLifecyclesPerSecond: sig(chainOnly.lifecyclesPerSecond),
      chainOnlyWarmUpLifecyclesPerSecond: sig(chainOnly.warmUpLifecyclesPerSecond),
      ratio: sig(tasksPerSecond / chainOnly.lifecyclesPerSecond),
      outcomes,
      reviewsStored,
    };
  } finally {
    await m.close();
  }
}
