// A worker that brings its own work: a plain function, no model. It registers once in the
// identity registry, bids a fixed price on tasks that need "summarise", and its answer is the
// task's description, shouted.
//
//   PRIVATE_KEY=0x… RPC_URL=http://127.0.0.1:8545 ESCROW_ADDRESS=0x… REGISTRY_ADDRESS=0x… \
//   A2A_PORT=9001 INDEXER_URL=http://127.0.0.1:8787 npx tsx examples/worker.ts
import { createWorker } from "agent-market";

const env = process.env;
const worker = await createWorker({
  wallet: env.PRIVATE_KEY as `0x${string}`, // signs bids, results and reviews, pays gas
  rpcUrl: env.RPC_URL ?? "http://127.0.0.1:8545",
  escrow: env.ESCROW_ADDRESS as `0x${string}`, // the TaskEscrow that holds the client's money
  registry: env.REGISTRY_ADDRESS as `0x${string}`, // ERC-8004: how clients find this worker
  a2aPort: Number(env.A2A_PORT ?? 0), // its own A2A endpoint (0: a free port), named on its registered card
  indexerUrl: env.INDEXER_URL, // where the worker's review of the client goes
  name: "shouter",
  skills: ["summarise"], // only tasks whose required skills are all here get a bid
  pricing: { price: 2_000_000n, successProbability: 0.9 }, // token base units; the claim is calibrated
  // Your own work: any model, program or none. What it returns is hashed on chain and delivered.
  execute: async (task) => `${task.title}: ${task.description.toUpperCase()}`,
});
console.log(`worker ${worker.address} (agent #${worker.agentId}) serves A2A, waiting for tasks`);

process.once("SIGTERM", () => void worker.stop().then(() => process.exit(0)));
process.once("SIGINT", () => void worker.stop().then(() => process.exit(0)));
