import { readFile } from "node:fs/promises";
import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import { Hash32, toHash32 } from "../protocol/codecs.js";
import { readEpoch, verifyReviewOnChain } from "../chain/anchor.js";
import { reviewTypedData } from "../protocol/eip712.js";
import { isReviewProven } from "../protocol/reviewProof.js";
import { ReviewResponse } from "./api/schemas.js";
import { IndexerClient } from "./client.js";
import { InvalidInputError } from "./errors.js";
import { reviewLeafHash } from "./merkle/index.js";
import { readTaskFacts } from "../chain/taskFacts.js";
import { checkLeaves } from "../market/chainCheck.js";
import type { ProvenReview } from "../market/provenClaims.js";

/**
 * What each check establishes, as a stable id (names are for people): the review's chain, the
 * anchor the indexer names, its leaf hash and signature; that its epoch is *anchored* and the
 * root matches the chain's; that it is *proven* in TypeScript and by the contract.
 */
export type CheckId = "chain" | "anchor-address" | "escrow-address" | "leaf-hash" | "signature" | "task-facts" | "anchored" | "anchored-root" | "proven-offchain" | "proven-onchain";

export interface Check {
  id: CheckId;
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyReviewReport {
  ok: boolean;
  reviewId: Hex;
  epoch: string;
  checks: Check[];
}

/**
 * Loads what to verify: a review id (0x + 64 hex) is fetched from the indexer, anything else is
 * read as a file holding the JSON of GET /reviews/:id.
 *
 * @example
 * const response = await loadReviewResponse("review.json", "http://127.0.0.1:8787");
 */
export async function loadReviewResponse(arg: string, indexerUrl: string, fetchFn: typeof fetch = fetch): Promise<ReviewResponse> {
  const id = Hash32.safeParse(arg);
  if (id.success) return new IndexerClient(indexerUrl, fetchFn).getReview(id.data);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(arg, "utf8"));
  } catch (cause) {
    throw new InvalidInputError(`cannot read review JSON from ${arg}`, { path: arg, cause: String(cause) });
  }
  const parsed = ReviewResponse.safeParse(json);
  if (!parsed.success) throw new InvalidInputError(`${arg} is not a review as GET /reviews/:id returns it`, { issues: parsed.error.issues });
  return parsed.data;
}

/**
 * Checks a served review against the chain without trusting the indexer: the root comes from
 * ReputationAnchor at `anchor` (an address the caller trusts, not the one in the response), the
 * proof is checked with @openzeppelin/merkle-tree and by the contract's own `verifyReview`, and
 * the signature is checked against the reviewer (EOA or ERC-1271). With `escrow` (the TaskEscrow the
 * caller trusts), the leaf's worker, claim and delivery are also checked against that escrow's
 * TaskFunded and settlement events (*chain-checked*): the indexer anchors its own roots, so a proof
 * cannot show they are true.
 *
 * @example
 * const report = await verifyReview({ response, publicClient, anchor });
 * if (!report.ok) process.exitCode = 1;
 */
export async function verifyReview(opts: { response: ReviewResponse; publicClient: PublicClient; anchor: Address; escrow?: Address; fromBlock?: bigint }): Promise<VerifyReviewReport> {
  const { response: r, publicClient } = opts;
  const anchor = getAddress(opts.anchor);
  const checks: Check[] = [];
  const check = (id: CheckId, name: string, ok: boolean, detail: string) => checks.push({ id, name, ok, detail });
  const { signature, outcome: _outcome, ...review } = r.review;
  const { worker: _w, claimedSuccessBps: _c, deliveredBps: _d, ...signedFields } = review;
  const epoch = BigInt(r.epoch);
  const report = (): VerifyReviewReport => ({ ok: checks.every((c) => c.ok), reviewId: r.id, epoch: r.epoch, checks });

  const chainId = await publicClient.getChainId();
  check("chain", "chain", chainId === r.chainId, `RPC chain ${chainId}, review from chain ${r.chainId}`);
  if (r.anchor !== null && getAddress(r.anchor) !== anchor) check("anchor-address", "anchor address", false, `indexer names ${r.anchor}, trusted anchor is ${anchor}`);

  const leaf = reviewLeafHash(review);
  check("leaf-hash", "leaf hash", leaf === toHash32(r.leafHash), `leaf of the review fields is ${leaf}`);

  const typed = reviewTypedData(chainId, getAddress(r.escrow), signedFields);
  const signed = await publicClient
    .verifyTypedData({ address: review.reviewer, ...typed, message: { ...typed.message }, signature })
    .catch(() => false);
  check("signature", "signature", signed, signed ? `signed by ${review.reviewer}` : `not a signature of ${review.reviewer}`);
  if (opts.escrow) await checkTaskFacts(publicClient, getAddress(opts.escrow), opts.fromBlock, r, { ...review, epoch }, check);

  if (!r.anchored || !r.proof) {
    check("anchored", "anchored", false, `epoch ${r.epoch} is not anchored yet: no proof to check`);
    return report();
  }
  const onChain = await readEpoch(publicClient, anchor, epoch);
  if (!onChain) {
    check("anchored-root", "on-chain root", false, `ReputationAnchor ${anchor} holds no root for epoch ${epoch}`);
    return report();
  }
  check("anchored-root", "on-chain root", onChain.root === r.root, `chain root ${onChain.root}${onChain.root === r.root ? "" : `, indexer root ${r.root}`}`);

  const proof = r.proof;
  const inTs = isReviewProven(onChain.root, review, proof);
  check("proven-offchain", "proof (TypeScript, @openzeppelin/merkle-tree)", inTs, `${proof.length}-step proof against the chain root`);
  const inEvm = await verifyReviewOnChain(publicClient, anchor, epoch, review, proof);
  check("proven-onchain", "proof (on-chain ReputationAnchor.verifyReview)", inEvm, `eth_call at ${anchor}`);
  return report();
}

/** The leaf's worker, claim and delivery against the trusted escrow's events (and the escrow the indexer names against it). */
async function checkTaskFacts(publicClient: PublicClient, escrow: Address, fromBlock: bigint | undefined, r: ReviewResponse, leaf: ProvenReview, check: (id: CheckId, name: string, ok: boolean, detail: string) => void): Promise<void> {
  if (getAddress(r.escrow) !== escrow) check("escrow-address", "escrow address", false, `indexer names ${r.escrow}, trusted escrow is ${escrow}`);
  const { tasks } = await readTaskFacts(publicClient, { address: escrow, taskIds: [leaf.taskId], ...(fromBlock === undefined ? {} : { fromBlock }) });
  const [result] = checkLeaves([leaf], tasks);
  const detail =
    result!.status === "mismatched"
      ? result!.mismatches.map((m) => `${m.field} ${m.leaf} in the leaf, ${m.chain} on chain`).join("; ")
      : result!.status === "chain-checked"
        ? `worker ${leaf.worker}, claim ${leaf.claimedSuccessBps}, delivered ${leaf.deliveredBps} as TaskFunded and the settlement say`
        : `${result!.status}: no settled funding of ${leaf.taskId} between reviewer and subject`;
  check("task-facts", "task facts (escrow events)", result!.status === "chain-checked", detail);
}

/** Human-readable lines of a report, one per check. */
export function formatReport(report: VerifyReviewReport): string {
  const lines = report.checks.map((c) => `${c.ok ? "ok  " : "FAIL"}  ${c.name}: ${c.detail}`);
  lines.unshift(`review ${report.reviewId} (epoch ${report.epoch})`);
  lines.push(report.ok ? "verified" : "NOT verified");
  return lines.join("\n");
}
