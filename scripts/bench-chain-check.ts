import { network } from "hardhat";
import { createPublicClient, http, type PublicClient } from "viem";
import { benchChainCheck, releasedTasks } from "../agents/bench/chainCheckBench.js";
import { serveChain } from "../agents/dashboard/serveChain.js";
import { deployLocalMarket } from "../agents/deploy/deployLocalMarket.js";
import { localAccounts } from "../agents/wiring/localAccounts.js";

// Thin entry: `npm run bench:chain-check` checks BENCH_REVIEWS (default 1,000) proven leaves against
// the escrow's events over JSON-RPC on HTTP, batched and one request per task; JSON on stdout.
const count = Number(process.env.BENCH_REVIEWS ?? 1_000);
const chain = await network.create();
const accounts = await localAccounts(chain.viem, 1);
const local = (await chain.viem.getPublicClient()) as unknown as PublicClient;
const deployment = await deployLocalMarket(chain, { epochSeconds: 86_400 });
const token = await chain.viem.getContractAt("MockUSDC", deployment.token.address);
await token.write.mint([accounts.manager.account!.address, 10n ** 15n]);
await token.write.approve([deployment.escrow.address, 10n ** 15n], { account: accounts.manager.account! });
console.error(`funding, submitting and releasing ${count} tasks`);
const leaves = await releasedTasks({
  publicClient: local, escrow: deployment.escrow.address, token: deployment.token.address,
  client: accounts.manager, worker: accounts.workers[0]!, arbiter: accounts.arbiter.account!.address, count,
});
const rpc = await serveChain(chain.provider);
const overHttp = createPublicClient({ transport: http(rpc.url) }) as PublicClient;
const result = await benchChainCheck({ publicClient: overHttp, escrow: deployment.escrow.address, leaves });
await rpc.close();
console.log(JSON.stringify(result));
