import { concat, encodeFunctionData, numberToHex, parseSignature, toHex, type Address, type Hex } from "viem";
import { signBid, taskEscrowAbi } from "../../../agents/chain/escrow.js";
import type { BidTerms } from "../../../agents/protocol/eip712.js";
import { AMOUNT, DEADLINE_IN, RESULT, escrowFixture, type EscrowFixture } from "../../escrow/fixture.js";

const FEE = AMOUNT / 100n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface HostileSummary {
  cases: number;
  /** Token base units that some party should hold (balance or withdrawable credit) and does not. */
  fundsLost: number;
  /** Forged, replayed or foreign bid signatures that funded a task. */
  signaturesAccepted: number;
  perCase: Record<string, { lost: string; accepted?: boolean }>;
}

type Token = { address: Address; read: { balanceOf(a: [Address]): Promise<bigint> }; write: Record<string, (...a: never[]) => Promise<unknown>> };
type Party = "client" | "worker" | "fee";

/** What each party holds of `token`: wallet balance plus credit in the escrow (withdrawable). */
async function holdings(f: EscrowFixture, token: Token): Promise<Record<Party, bigint>> {
  const who: Record<Party, Address> = { client: f.a(f.client), worker: f.a(f.worker), fee: f.a(f.feeRecipient) };
  const out = {} as Record<Party, bigint>;
  for (const [k, a] of Object.entries(who) as [Party, Address][])
    out[k] = (await token.read.balanceOf([a])) + (await f.escrow.read.creditOf([a, token.address]));
  return out;
}

async function hostileToken(f: EscrowFixture, name: string): Promise<Token> {
  const token = (await f.viem.deployContract(name as "BlocklistToken")) as unknown as Token;
  const w = token.write as unknown as { mint(a: [Address, bigint]): Promise<unknown>; approve(a: [Address, bigint], o: object): Promise<unknown> };
  await w.mint([f.a(f.client), 10n * AMOUNT]);
  await w.approve([f.escrow.address, 10n * AMOUNT], { account: f.client.account! });
  return token;
}

/** Runs `attack`, then compares each party's holdings with what it is owed. */
async function tokenCase(name: string, attack: (f: EscrowFixture, t: Token) => Promise<Record<Party, bigint>>): Promise<[string, bigint]> {
  const f = await escrowFixture();
  const token = await hostileToken(f, name.split(":")[0]!);
  const before = await holdings(f, token);
  const owed = await attack(f, token);
  const after = await holdings(f, token);
  let lost = 0n;
  for (const p of ["client", "worker", "fee"] as const) {
    const short = before[p] + owed[p] - after[p];
    if (short > 0n) lost += short;
  }
  return [name, lost];
}

const w = (t: Token) => t.write as unknown as Record<string, (args: unknown[]) => Promise<unknown>>;

/** Every hostile-token attack of the escrow suite (#3), each on a fresh chain, with its expected payouts. */
const TOKEN_CASES: Array<Parameters<typeof tokenCase>> = [
  ["BlocklistToken:worker blocked at release", async (f, t) => {
    const bid = await f.funded({ token: t.address });
    await w(t).setBlocked!([f.a(f.worker), true]);
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    await f.as(f.client).release(bid);
    return { client: -AMOUNT, worker: AMOUNT - FEE, fee: FEE };
  }],
  ["BlocklistToken:client blocked at refund", async (f, t) => {
    const bid = await f.funded({ token: t.address });
    await w(t).setBlocked!([f.a(f.client), true]);
    await f.networkHelpers.time.increase(DEADLINE_IN + 1);
    await f.as(f.stranger).refund(bid);
    return { client: 0n, worker: 0n, fee: 0n };
  }],
  ["ReturnsFalseToken:transfer returns false at release", async (f, t) => {
    const bid = await f.funded({ token: t.address });
    await w(t).setFailing!([true]);
    await f.as(f.client).release(bid);
    return { client: -AMOUNT, worker: AMOUNT - FEE, fee: FEE };
  }],
  ["ReentrantToken:re-enters release during payout", async (f, t) => {
    const bid = await f.funded({ token: t.address });
    await f.as(f.worker).submit({ ...bid, resultHash: RESULT });
    const terms = await f.as(f.client).getTerms(bid);
    await w(t).arm!([f.escrow.address, encodeFunctionData({ abi: taskEscrowAbi, functionName: "release", args: [bid.taskId, terms] }), false]);
    await f.as(f.client).release(bid);
    return { client: -AMOUNT, worker: AMOUNT - FEE, fee: FEE };
  }],
  ["ReentrantToken:re-enters during funding", async (f, t) => {
    const open = await f.funded({ token: t.address });
    const terms = await f.as(f.client).getTerms(open);
    await w(t).arm!([f.escrow.address, encodeFunctionData({ abi: taskEscrowAbi, functionName: "release", args: [open.taskId, terms] }), true]);
    const bid = await f.makeBid({ token: t.address });
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }).catch(() => undefined);
    await w(t).disarm!([]);
    await f.as(f.client).release(open);
    return { client: -AMOUNT, worker: AMOUNT - FEE, fee: FEE };
  }],
  ["ReentrantToken:reverting re-entry during payout", async (f, t) => {
    const a = await f.funded({ token: t.address });
    const b = await f.funded({ token: t.address });
    const termsB = await f.as(f.client).getTerms(b);
    await w(t).arm!([f.escrow.address, encodeFunctionData({ abi: taskEscrowAbi, functionName: "decline", args: [b.taskId, termsB] }), true]);
    await f.as(f.client).release(a);
    await w(t).disarm!([]);
    await f.as(f.client).release(b);
    return { client: -2n * AMOUNT, worker: 2n * (AMOUNT - FEE), fee: 2n * FEE };
  }],
  ["FeeOnTransferToken:funding with a token that skims", async (f, t) => {
    const bid = await f.makeBid({ token: t.address });
    await f.as(f.client).fund({ bid: bid, signature: await f.sign(bid) }).catch(() => undefined);
    return { client: 0n, worker: 0n, fee: 0n };
  }],
];

/** Forged, foreign, malleated and replayed bid signatures: none may fund a task. */
async function signatureCases(): Promise<Array<[string, boolean, bigint]>> {
  const f = await escrowFixture();
  const other = await f.viem.deployContract("TaskEscrow", [f.a(f.owner), f.a(f.feeRecipient), 100]);
  const wallet = await f.viem.deployContract("ERC1271Wallet", [f.a(f.worker)]);
  const used = await f.funded();
  const cancelled = await f.makeBid();
  const cancelledSig = await f.sign(cancelled);
  await f.as(f.worker).cancelNonce({ nonce: cancelled.nonce });
  const bid = await f.makeBid();
  const good = await f.sign(bid);
  const { r, s, yParity } = parseSignature(good);
  // A nonce is a cancellation handle (single use comes from the task id): once cancelled, every
  // bid carrying it is dead, even one signed afterwards for a new task.
  const resigned = { ...(await f.makeBid()), nonce: cancelled.nonce };
  const scw = await f.makeBid({ worker: wallet.address });
  const attempts: Array<[string, BidTerms, Hex]> = [
    ["signed for another chain", bid, await signBid(f.worker, f.chainId + 1, f.escrow.address, bid)],
    ["signed for another escrow", bid, await signBid(f.worker, f.chainId, other.address, bid)],
    ["task id swapped", { ...bid, taskId: toHex(1n, { size: 32 }) }, good],
    ["amount raised", { ...bid, amount: bid.amount + 1n }, good],
    ["spec hash swapped", { ...bid, specHash: toHex(2n, { size: 32 }) }, good],
    ["arbiter swapped", { ...bid, arbiter: f.a(f.client) }, good],
    ["signed by a stranger", bid, await f.sign(bid, f.stranger)],
    ["malleable twin (s' = n - s)", bid, concat([r, numberToHex(SECP256K1_N - BigInt(s), { size: 32 }), yParity === 0 ? "0x1c" : "0x1b"])],
    ["truncated signature", bid, concat([r, s])],
    ["replayed funded bid", used, await f.sign(used)],
    ["cancelled nonce, re-signed for a new task", resigned, await f.sign(resigned)],
    ["cancelled nonce", cancelled, cancelledSig],
    ["smart account, signature its owner did not make", scw, await f.sign(scw, f.stranger)],
  ];
  const out: Array<[string, boolean, bigint]> = [];
  for (const [name, terms, sig] of attempts) {
    const before = await f.balance(f.a(f.client));
    const accepted = await f.as(f.client).fund({ bid: terms, signature: sig }).then(() => true, () => false);
    const after = await f.balance(f.a(f.client));
    out.push([`signature:${name}`, accepted, before > after ? before - after : 0n]);
  }
  return out;
}

/**
 * Runs every hostile-token and bid-signature attack against a real TaskEscrow on fresh
 * in-process chains and sums what any party ends up short of (balance plus withdrawable credit).
 *
 * @example
 * const s = await runHostile(); // s.fundsLost === 0
 */
export async function runHostile(): Promise<HostileSummary> {
  const summary: HostileSummary = { cases: 0, fundsLost: 0, signaturesAccepted: 0, perCase: {} };
  for (const c of TOKEN_CASES) {
    const [name, lost] = await tokenCase(...c);
    summary.cases += 1;
    summary.fundsLost += Number(lost);
    summary.perCase[name] = { lost: lost.toString() };
  }
  for (const [name, accepted, lost] of await signatureCases()) {
    summary.cases += 1;
    summary.fundsLost += Number(lost);
    if (accepted) summary.signaturesAccepted += 1;
    summary.perCase[name] = { lost: lost.toString(), accepted };
  }
  return summary;
}

