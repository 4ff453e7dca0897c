import { network } from "hardhat";
import { keccak256, maxUint256, stringToHex, zeroAddress } from "viem";
import { createTaskEscrow, signBid } from "../agents/chain/escrow.js";
const { viem, networkHelpers } = await network.create();
const pc = await viem.getPublicClient();
const [owner, client, worker, arbiter, fees] = await viem.getWalletClients();
await networkHelpers.time.increaseTo(1_900_000_000);
const usdc = await viem.deployContract("MockUSDC");
const escrow = await viem.deployContract("TaskEscrow", [owner!.account.address, fees!.account.address, 100]);
await usdc.write.mint([client!.account.address, 10n ** 15n]);
await usdc.write.approve([escrow.address, maxUint256], { account: client!.account });
const c = createTaskEscrow({ publicClient: pc as never, walletClient: client as never, address: escrow.address });
const w = createTaskEscrow({ publicClient: pc as never, walletClient: worker as never, address: escrow.address });
await c.deposit(usdc.address, 10n ** 12n);
const chainId = await pc.getChainId();
let n = 0n;
async function one(fromCredit: boolean) {
  n++;
  const now = (await pc.getBlock()).timestamp;
  const bid = { taskId: keccak256(stringToHex(`t${n}`)), specHash: keccak256(stringToHex("s")), client: client!.account.address, worker: worker!.account.address, token: usdc.address, amount: 25_000_000n, arbiter: arbiter!.account.address, deadline: now + 3600n, reviewPeriod: 600n, expiry: now + 300n, nonce: n };
  const f = await c.fund(bid, await signBid(worker as never, chainId, escrow.address, bid), { fromCredit, referrer: zeroAddress });
  const s = await w.submit(bid, keccak256(stringToHex("r")), { toCredit: fromCredit });
  const r = await c.release(bid, { compact: fromCredit });
  return [f, s, r];
}
await one(true); await one(false);
const txs = [...(await one(true)), ...(await one(false))];
for (const [i, tx] of txs.entries()) {
  const t = (await pc.request({ method: "debug_traceTransaction" as never, params: [tx!.hash, { disableStorage: true, disableMemory: true, disableStack: true }] as never })) as { gas: number; structLogs: { op: string; gasCost: number; depth: number }[] };
  const by: Record<string, number> = {};
  for (const l of t.structLogs) by[l.op] = (by[l.op] ?? 0) + l.gasCost;
  const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}:${v}`).join(" ");
  console.log(["fundC", "submitC", "releaseC", "fundT", "submitT", "releaseT"][i], tx!.gasUsed, "exec", t.gas, top);
}
