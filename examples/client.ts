// A client that posts one task to the registered workers with the skill, lets the market rank
// the signed bids and fund the winner's escrow, judges the result with its own function, and
// releases the money (or disputes).
//
//   PRIVATE_KEY=0x… RPC_URL=… ESCROW_ADDRESS=0x… REGISTRY_ADDRESS=0x… TOKEN_ADDRESS=0x… ARBITER_ADDRESS=0x… \
//   BOARD_PORT=8600 INDEXER_URL=http://127.0.0.1:8787 npx tsx examples/client.ts
import { createClient } from "agent-market";

const env = process.env;
const hex = (name: string) => env[name] as `0x${string}`;
const client = await createClient({
  wallet: hex("PRIVATE_KEY"), // pays for the task
  rpcUrl: env.RPC_URL ?? "http://127.0.0.1:8545",
  escrow: hex("ESCROW_ADDRESS"),
  registry: hex("REGISTRY_ADDRESS"), // ERC-8004: workers check the client's signed messages against it
  boardPort: Number(env.BOARD_PORT ?? 8600), // its task board (POST /tasks); agents talk to its own A2A endpoint
  indexerUrl: env.INDEXER_URL ?? "http://127.0.0.1:8787", // finds registered workers, takes reviews
  // Your judge: a score in [0, 1]; 0.7 or more releases the money, less disputes.
  judge: (task, output) => (output.endsWith(task.description.toUpperCase()) ? 1 : 0),
});
await client.workersOnline(["summarise"]);

const taskId = await client.post({
  title: "Shout it",
  description: "hello, market",
  skills: ["summarise"],
  budget: 5_000_000n, // at most 5 tokens (6 decimals); the winning bid's price is what is locked
  token: hex("TOKEN_ADDRESS"),
  arbiter: hex("ARBITER_ADDRESS"), // rules if the client disputes
});
const report = await client.outcome(taskId);
console.log(JSON.stringify({ taskId, outcome: report.outcome, score: report.score, worker: report.worker }));
await client.stop();
