import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, keccak256, maxUint256, stringToHex, zeroAddress } from "viem";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { createEscrowClient, EscrowRevertError, signBid } from "../../agents/chain/escrow.js";
import type { BidTerms } from "../../agents/protocol/eip712.js";

/** The success every fixture bid claims, in basis points (TaskFunded settings bits [240, 256)). */
export const CLAIM_BPS = 8_000;
export const AMOUNT = 1_000_000n;
export const FEE_BPS = 100;
export const DEADLINE_IN = 3_600;
export const REVIEW_PERIOD = 600n;
export const EXPIRY_IN = 300;
export const RESULT = keccak256(stringToHex("result"));
export const REASON = keccak256(stringToHex("reason"));

/** A fresh chain with MockUSDC, a TaskEscrow (1% fee) and named parties; the client approved max. */
export async function escrowFixture() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await viem.getWalletClients()) as unknown as WalletClient[];
  const [owner, client, worker, arbiter, feeRecipient, referrer, stranger] = wallets as [
    WalletClient, WalletClient, WalletClient, WalletClient, WalletClient, WalletClient, WalletClient,
  ];
  const a = (w: WalletClient): Address => getAddress(w.account!.address);
  const usdc = await viem.deployContract("MockUSDC");
  const escrow = await viem.deployContract("TaskEscrow", [a(owner), a(feeRecipient), FEE_BPS]);
  await usdc.write.mint([a(client), 10n ** 12n]);
  await usdc.write.approve([escrow.address, maxUint256], { account: client.account! });
  const chainId = await publicClient.getChainId();
  const as = (w: WalletClient) => createEscrowClient({ publicClient, walletClient: w, address: escrow.address });
  const now = async () => BigInt(await networkHelpers.time.latest());

  let seq = 0n;
  async function makeBid(over: Partial<BidTerms> = {}): Promise<BidTerms> {
    const t = await now();
    seq += 1n;
    return {
      taskId: keccak256(stringToHex(`task-${seq}`)),
      specHash: keccak256(stringToHex("spec")),
      client: a(client),
      worker: a(worker),
      token: usdc.address,
      amount: AMOUNT,
      arbiter: a(arbiter),
      deadline: t + BigInt(DEADLINE_IN),
      reviewPeriod: REVIEW_PERIOD,
      expiry: t + BigInt(EXPIRY_IN),
      nonce: seq,
      claimedSuccessBps: CLAIM_BPS,
      ...over,
    };
  }
  const sign = (bid: BidTerms, signer: WalletClient = worker) => signBid(signer, chainId, escrow.address, bid);
  async function funded(over: Partial<BidTerms> = {}, referrer: Address = zeroAddress) {
    const bid = await makeBid(over);
    await as(client).fund({ bid: bid, signature: await sign(bid), referrer });
    return bid;
  }
  async function submitted(over: Partial<BidTerms> = {}) {
    const bid = await funded(over);
    await as(worker).submit({ ...bid, resultHash: RESULT });
    return { bid, submittedAt: await now() };
  }
  async function disputed(over: Partial<BidTerms> = {}) {
    const { bid } = await submitted(over);
    await as(client).dispute({ ...bid, reasonHash: REASON });
    return { bid, disputedAt: await now() };
  }
  const balance = (who: Address) => usdc.read.balanceOf([who]);
  /** Sets the timestamp of the next mined transaction. */
  const at = (ts: bigint) => networkHelpers.time.setNextBlockTimestamp(ts);

  return {
    connection, viem, networkHelpers, publicClient, chainId, usdc, escrow,
    owner, client, worker, arbiter, feeRecipient, referrer, stranger, a, as, now, at,
    makeBid, sign, funded, submitted, disputed, balance,
  };
}
export type EscrowFixture = Awaited<ReturnType<typeof escrowFixture>>;

/** Asserts that `p` rejects with the escrow custom error `errorName` (and `args`, if given). */
export async function expectRevert(p: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<EscrowRevertError> {
  try {
    await p;
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(EscrowRevertError);
    const e = err as EscrowRevertError;
    expect(e.errorName).to.equal(errorName);
    if (args) expect(e.args).to.deep.equal(args);
    return e;
  }
  expect.fail(`expected a revert with ${errorName}`);
}

export type { Hex };
