import { encodeFunctionData, getAddress, keccak256, stringToHex, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { createEscrowClient, signBid, taskEscrowAbi } from "../chain/escrow.js";
import { coldTermsHash, hotTerms } from "../chain/escrowTerms.js";
import { encodeTeamSignature, signTeamCall, sortTeam } from "../chain/teamSignature.js";
import { formTeams } from "../market/teams.js";
import type { BidTerms } from "../protocol/eip712.js";
import type { SimulatedWorker } from "../llm/simulatedWorkers.js";
import { signReview } from "../runtime/signReview.js";
import { walletSigner } from "../runtime/walletSigner.js";
import { indexerReviewSink } from "../wiring/indexerReviewSink.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";

const teamFactoryAbi = [
  { type: "function", name: "create", stateMutability: "nonpayable", inputs: [{ type: "address[]" }, { type: "uint16[]" }, { type: "address" }], outputs: [{ type: "address" }] },
  { type: "function", name: "predict", stateMutability: "view", inputs: [{ type: "address[]" }, { type: "uint16[]" }, { type: "address" }], outputs: [{ type: "address" }] },
] as const;
const teamAccountAbi = [
  { type: "function", name: "execute", stateMutability: "nonpayable", inputs: [{ type: "address" }, { type: "bytes" }, { type: "bytes" }], outputs: [{ type: "bytes" }] },
  { type: "function", name: "distribute", stateMutability: "nonpayable", inputs: [{ type: "address" }], outputs: [] },
] as const;

const NEWCOMER_SUCCESS = 0.8;
const PRIOR_WEIGHT = 2;

export interface TeamDemoResult {
  skills: string[];
  team: Address;
  /** Each member's share, what distribute paid it, and whether the review of the team now counts in its reputation. */
  members: { agentId: string; address: Address; shareBps: number; paid: string; reviewCredited: boolean }[];
  amount: string;
  /** What the escrow paid the team (amount minus fee), all of it distributed. */
  payout: string;
}

/** Every three skills that no single worker holds but the workers together do, in profile order. */
function teamSkillSets(workers: readonly SimulatedWorker[]): string[][] {
  const all = [...new Set(workers.flatMap((w) => w.profile.skills))];
  const out: string[][] = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++)
      for (let k = j + 1; k < all.length; k++) {
        const need = [all[i]!, all[j]!, all[k]!];
        if (!workers.some((w) => need.every((s) => w.profile.skills.includes(s)))) out.push(need);
      }
  return out;
}

/**
 * One team task: formTeams picks the team (calibrated success per skill from the manager's tracker,
 * price from each profile) for three skills no single worker has; TeamAccountFactory makes its
 * wallet with the Shapley shares; every member signs the one bid; the manager funds it, the team
 * submits through `execute` (every member signs the call), the manager releases, anyone
 * distributes, and the manager's signed review of the team is accepted by the indexer, which
 * credits each member with its share.
 */
export async function runTeamTask(
  m: LocalMarket,
  c: { publicClient: PublicClient; funder: WalletClient; factory: Address; workers: readonly SimulatedWorker[] },
): Promise<TeamDemoResult | undefined> {
  const addressOf = new Map(c.workers.map((w, i) => [w.profile.agentId, m.accounts.workers[i]!]));
  const walletOf = new Map(c.workers.map((w, i) => [m.accounts.workers[i]!, m.wallets.workers[i]!]));
  const candidatesFor = (skills: string[]) =>
    c.workers
      .map((w, i) => ({ w, trackerId: m.agentIds.workers[i]! }))
      .filter(({ w }) => w.profile.skills.some((s) => skills.includes(s)))
      .map(({ w, trackerId }) => {
        const learnt = m.market.tracker.stats(trackerId);
        // Smoothed towards a typical demo worker's success, so one early failure does not read as zero.
        const success = (learnt.successes + NEWCOMER_SUCCESS * PRIOR_WEIGHT) / (learnt.outcomes + PRIOR_WEIGHT);
        return { agentId: w.profile.agentId, success: Object.fromEntries(w.profile.skills.filter((s) => skills.includes(s)).map((s) => [s, success])), cost: (w.profile.costPerStep * 5) / 1e6 };
      });
  // The first skill set that needs a team and for which formTeams finds one worth its cost.
  const found = teamSkillSets(c.workers)
    .map((skills) => ({ skills, decision: formTeams({ requiredSkills: skills, reward: 5 }, candidatesFor(skills)) }))
    .find((x) => x.decision.award === "team");
  if (!found) return undefined;
  const { skills, decision } = found;
  const best = decision.teams[0]!;
  const sorted = sortTeam(best.members.map((id) => addressOf.get(id)!), best.sharesBps);
  const args = [sorted.members, sorted.shares, sorted.members[0]!] as const;
  const team = getAddress(await c.publicClient.readContract({ address: c.factory, abi: teamFactoryAbi, functionName: "predict", args }));
  const write = async (address: Address, abi: readonly unknown[], functionName: string, a: readonly unknown[]) =>
    c.publicClient.waitForTransactionReceipt({ hash: await c.funder.writeContract({ address, abi, functionName, args: a, account: c.funder.account!, chain: c.funder.chain } as never) });
  await write(c.factory, teamFactoryAbi, "create", args);

  const chainId = await c.publicClient.getChainId();
  const escrow = createEscrowClient({ publicClient: c.publicClient, walletClient: m.wallets.manager, address: m.escrowAddress });
  const now = (await c.publicClient.getBlock()).timestamp;
  const bid: BidTerms = {
    taskId: keccak256(stringToHex(`team task ${skills.join("+")}`)),
    specHash: keccak256(stringToHex(`a job needing ${skills.join(", ")}`)),
    client: m.accounts.manager,
    worker: team,
    token: m.token.address,
    amount: 4_000_000n,
    arbiter: m.accounts.arbiter,
    deadline: now + 3_600n,
    reviewPeriod: 600n,
    expiry: now + 300n,
    nonce: 1n,
    claimedSuccessBps: 8_000,
  };
  const memberWallets = sorted.members.map((a) => walletOf.get(a)!);
  const parts = await Promise.all(memberWallets.map(async (w, i) => ({ member: sorted.members[i]!, signature: await signBid(w, chainId, m.escrowAddress, bid) })));
  await escrow.fund({ bid: bid, signature: encodeTeamSignature(parts) });
  const terms = await escrow.getTerms(bid);
  const data = encodeFunctionData({ abi: taskEscrowAbi, functionName: "submit", args: [bid.taskId, hotTerms(terms), coldTermsHash(terms), keccak256(stringToHex("the team's joint result"))] });
  await write(team, teamAccountAbi, "execute", [m.escrowAddress, data, await signTeamCall(memberWallets, chainId, team, { target: m.escrowAddress, data, nonce: 0n })]);
  await escrow.release(bid);
  const payout = (await m.token.read.balanceOf([team])) as bigint;
  const before = await Promise.all(sorted.members.map((a) => m.token.read.balanceOf([a]) as Promise<bigint>));
  await write(team, teamAccountAbi, "distribute", [m.token.address]);

  await m.syncIndexerClock();
  await m.indexer!.syncJury();
  const countsBefore = await Promise.all(sorted.members.map(async (a) => (await m.indexer!.reputation(a)).count));
  const review = await signReview(walletSigner(m.wallets.manager), { chainId, escrow: m.escrowAddress, taskId: bid.taskId, subject: team, rating: 5, comment: "the team delivered", timestamp: (await c.publicClient.getBlock()).timestamp });
  await indexerReviewSink(m.indexer!).postReview(review);
  const idOf = new Map([...addressOf].map(([id, a]) => [a, id]));
  const members = await Promise.all(
    sorted.members.map(async (a, i) => ({
      agentId: idOf.get(a)!,
      address: a,
      shareBps: sorted.shares[i]!,
      paid: (((await m.token.read.balanceOf([a])) as bigint) - before[i]!).toString(),
      reviewCredited: (await m.indexer!.reputation(a)).count === countsBefore[i]! + 1 && (await m.indexer!.teams(a)).teams.some((t) => t.team === team),
    })),
  );
  return { skills, team, members, amount: bid.amount.toString(), payout: payout.toString() };
}
export type { Hex };
