import { network } from "hardhat";
import { SimulatedLlmClient } from "../agents/llm/simulated.js";
import { createLocalMarket } from "../agents/wiring/createLocalMarket.js";
import { runRounds } from "../agents/wiring/runRounds.js";

// Thin entry: `npm run bench:agents` runs ROUNDS (default 30) tasks through an in-process market
// (chain, board, three simulated workers, arbiter) and prints one JSON line on stdout.
const rounds = Number(process.env.ROUNDS ?? 30);
const quiet = { info: () => {}, warn: () => {} };
const chain = await network.create();
const m = await createLocalMarket({
  chain,
  workers: [
    { profile: { agentId: "steady", skills: ["summarise"], costPerStep: 120_000, maxSteps: 50 }, llm: new SimulatedLlmClient({ workerId: "steady", seed: 1, trueSuccessRate: 0.95 }) },
    { profile: { agentId: "boaster", skills: ["summarise"], costPerStep: 80_000, maxSteps: 50 }, llm: new SimulatedLlmClient({ workerId: "boaster", seed: 2, trueSuccessRate: 0.45, overconfidence: 2 }) },
    { profile: { agentId: "auditor", skills: ["audit"], costPerStep: 100_000, maxSteps: 50 }, llm: new SimulatedLlmClient({ workerId: "auditor", seed: 3 }) },
  ],
  judge: new SimulatedLlmClient({ workerId: "judge", seed: 9 }),
  log: () => quiet,
});
const report = await runRounds(m, { rounds, requiredSkills: ["summarise"] });
await m.close();
console.error(`${report.rounds} tasks in ${report.wallMs} ms (${report.msPerTask} ms/task); outcomes ${JSON.stringify(report.outcomes)}; awards ${JSON.stringify(report.awards)}`);
console.log(JSON.stringify({ agents: report }));
