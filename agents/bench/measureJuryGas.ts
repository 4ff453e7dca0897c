import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { keccak256, maxUint256, stringToHex, zeroAddress } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { BidTerms } from "../protocol/eip712.js";
import { createEscrowClient } from "../chain/escrow.js";
import { createJuryArbiter } from "../chain/juryArbiter.js";
import { juryCaseId, juryCommitment } from "../chain/juryCommitment.js";
import { signBid } from "../chain/signBid.js";

export interface JuryGasFigures {
  /** JuryArbiter, one 5-juror case (receipt gasUsed; commit and reveal are the mean per juror). */
  jury: { joinPool: number; openCase: number; drawPanel: number; commit: number; reveal: number; execute: number; panelSize: number };
  /** TeamAccountFactory.create and TeamAccount.distribute for a three-member team (warm member balances). */
  team: { create: number; distribute: number; members: number };
}

const VOTES = [6_000, 7_000, 2_000, 6_500, 9_000];

/**
 * Deploys a token, a TaskEscrow, a MockAgentRegistry and a JuryArbiter (panel 5, quorum 3) and
 * measures one disputed task's case from receipts: each juror's commit and reveal, and the execute
 * that rules the median on the escrow (it includes the escrow's `rule` and its payouts); then a
 * three-member TeamAccount's creation and one `distribute` of a payment.
 *
 * @example
 * const figures = await measureJuryGas({ viem, increaseTime: (s) => time.increase(s), mine: () => mine(1) });
 */
export async function measureJuryGas(c: { viem: HardhatViemHelpers; increaseTime(s: number): Promise<unknown>; mine(): Promise<unknown> }): Promise<JuryGasFigures> {
  const publicClient = (await c.viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await c.viem.getWalletClients()) as unknown as WalletClient[];
  const [owner, client, worker, feeRecipient] = wallets;
  const jurors = wallets.slice(10, 15);
  if (!owner || !client || !worker || !feeRecipient || jurors.length < 5) throw new Error("measureJuryGas: need 15 accounts");
  const a = (w: WalletClient): Address => w.account!.address;
  const gasOf = async (hash: Hex) => Number((await publicClient.waitForTransactionReceipt({ hash })).gasUsed);

  const usdc = await c.viem.deployContract("MockUSDC");
  const escrow = await c.viem.deployContract("TaskEscrow", [a(owner), a(feeRecipient), 100]);
  const registry = await c.viem.deployContract("MockAgentRegistry");
  const jury = await c.viem.deployContract("JuryArbiter", [escrow.address, registry.address, 5, 3, 3_600, 3_600]);
  await usdc.write.mint([a(client), 10n ** 12n]);
  await usdc.write.mint([a(worker), 1n]);
  const asClient = createEscrowClient({ publicClient, walletClient: client, address: escrow.address });
  const asWorker = createEscrowClient({ publicClient, walletClient: worker, address: escrow.address });
  await gasOf(await client.writeContract({ address: usdc.address, abi: usdc.abi, functionName: "approve", args: [escrow.address, maxUint256], account: client.account!, chain: client.chain }));

  const bindings = jurors.map((w) => createJuryArbiter({ publicClient, walletClient: w, address: jury.address, terms: asClient.getTerms }));
  let joinPool = 0;
  for (const [i, w] of jurors.entries()) {
    await registry.write.register([a(w)]);
    joinPool = Number((await bindings[i]!.joinPool(BigInt(i + 1))).gasUsed);
  }

  const now = (await publicClient.getBlock()).timestamp;
  const bid: BidTerms = {
    taskId: keccak256(stringToHex("jury-gas")),
    specHash: keccak256(stringToHex("spec")),
    client: a(client),
    worker: a(worker),
    token: usdc.address,
    amount: 25_000_000n,
    arbiter: jury.address,
    deadline: now + 3_600n,
    reviewPeriod: 600n,
    expiry: now + 300n,
    nonce: 1n,
    claimedSuccessBps: 8_000,
  };
  await asClient.fund({ bid: bid, signature: await signBid(worker, await publicClient.getChainId(), escrow.address, bid), referrer: zeroAddress });
  await asWorker.submit({ ...bid, resultHash: keccak256(stringToHex("result")) });
  await asClient.dispute({ ...bid, reasonHash: keccak256(stringToHex("reason")) });
  const caseId = juryCaseId(bid.client, bid.taskId);
  const opened = await bindings[0]!.openCase(bid);
  await c.mine();
  const drawn = await bindings[0]!.drawPanel(caseId);
  const seated = await bindings[0]!.panelOf(caseId);
  const bySeat = seated.map((s) => bindings.find((b) => b.account === s)!);
  const salt = (i: number) => keccak256(stringToHex(`salt-${i}`));
  let commit = 0;
  for (const [i, b] of bySeat.entries()) commit += Number((await b.commit(caseId, juryCommitment(caseId, b.account, VOTES[i]!, salt(i)))).gasUsed);
  await c.increaseTime(3_601);
  let reveal = 0;
  for (const [i, b] of bySeat.entries()) reveal += Number((await b.reveal(caseId, VOTES[i]!, salt(i))).gasUsed);
  const executed = await bindings[1]!.execute(bid);

  // A team of three (members strictly ascending), paid twice so the second distribute pays warm balances.
  const members = [...wallets.slice(15, 18).map(a)].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const factory = await c.viem.deployContract("TeamAccountFactory");
  const shares = [5_000, 3_000, 2_000];
  const team = await factory.read.predict([members, shares, members[0]!]);
  const create = await gasOf(await factory.write.create([members, shares, members[0]!]));
  const account = await c.viem.getContractAt("TeamAccount", team);
  await usdc.write.mint([team, 10_000_001n]);
  await account.write.distribute([usdc.address]);
  await usdc.write.mint([team, 24_750_000n]);
  const distribute = await gasOf(await account.write.distribute([usdc.address]));

  const n = (x: bigint) => Number(x);
  return {
    jury: { joinPool, openCase: n(opened.gasUsed), drawPanel: n(drawn.gasUsed), commit: Math.round(commit / 5), reveal: Math.round(reveal / 5), execute: n(executed.gasUsed), panelSize: 5 },
    team: { create, distribute, members: 3 },
  };
}
