import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { readEpoch } from "../chain/anchor.js";
import { taskFactsReader } from "../chain/taskFacts.js";
import { IndexerClient } from "../indexer/client.js";
import type { LeafCheck } from "../market/chainCheck.js";
import type { ProvenReview } from "../market/provenClaims.js";
import { provenCalibration, type Calibration } from "../market/calibration.js";
import { provenHistory } from "../runtime/provenHistory.js";

/**
 * Where {@link verifyReputation} reads: the indexer (believed only when the chain agrees), the
 * chain, the anchor holding the roots and the escrow holding the tasks' events.
 *
 * @example
 * const o: VerifyReputationOptions = { indexerUrl: "http://127.0.0.1:8787", rpcUrl, anchor, escrow, fromBlock: escrowDeployBlock };
 */
export interface VerifyReputationOptions {
  /** Where the claims come from; nothing it says is believed without a proof and the escrow's events. */
  indexerUrl: string;
  /** The chain the roots and the task events are read from. */
  rpcUrl: string;
  /** The ReputationAnchor holding each epoch's root. */
  anchor: Address;
  /** The TaskEscrow whose events each leaf's worker, claim and delivery are checked against. */
  escrow: Address;
  /** The escrow's deployment block: task events are searched from there (default 0). */
  fromBlock?: bigint;
  /** Task ids per `eth_getLogs` (default 500) and blocks per request (default: all), for nodes that cap either. */
  idsPerCall?: number;
  blocksPerCall?: bigint;
}

/**
 * An agent's history as the chain proves it: proven leaves, each leaf's check against the
 * escrow's events, and the figures of the chain-checked ones.
 *
 * @example
 * const rep: VerifiedReputation = await verifyReputation(worker, o);
 * for (const l of rep.leaves) if (l.status === "mismatched") console.warn(l.review.taskId, l.mismatches);
 */
export interface VerifiedReputation {
  address: Address;
  /** Every review about `address` whose Merkle proof checks against the root anchored on chain. */
  proven: ProvenReview[];
  /**
   * Each proven leaf checked against the escrow: `chain-checked` when its task was funded between
   * its two parties and its worker, claim and delivery are the events' own; otherwise
   * `mismatched` (with the fields that differ), `not-funded` or `unsettled`.
   */
  leaves: LeafCheck[];
  /** The proven leaves that are chain-checked: the ones the figures below are computed from. */
  checked: ProvenReview[];
  /** Claims that did not check out, by reason (bad-proof, unknown-epoch, wrong-subject, mismatched, not-funded, ...). */
  rejected: Record<string, number>;
  /** Mean star rating of the checked reviews, or null without any. */
  meanRating: number | null;
  /**
   * Claimed against delivered success over the checked leaves where `address` was the reviewed
   * worker (each leaf carries the claim signed in its bid and what the settlement paid), or null
   * without any: mean gap, Brier score and the factor a manager applies to its next claim.
   */
  calibration: Calibration | null;
}

/**
 * An agent's history, reduced to what the chain proves: the indexer's reviews about `address`,
 * each kept only if its proof leads to the root ReputationAnchor holds for its epoch
 * (`isReviewProven`) and its task's worker, claim and delivery are those of the escrow's
 * TaskFunded and settlement events (read in batches: one `eth_getLogs` per 500 tasks). The
 * indexer anchors its own roots, so a proof alone shows only that the indexer committed to a leaf;
 * the event check shows the leaf is true. An indexer that invents, alters, re-attributes or
 * flatters a review gains nothing, and the calibration is computed from the checked leaves alone.
 *
 * @example
 * const rep = await verifyReputation(worker, { indexerUrl: "http://127.0.0.1:8787", rpcUrl, anchor, escrow });
 * console.log(rep.checked.length, rep.meanRating, rep.calibration?.meanGap, rep.rejected);
 */
export async function verifyReputation(address: Address, o: VerifyReputationOptions): Promise<VerifiedReputation> {
  const publicClient = createPublicClient({ transport: http(o.rpcUrl) }) as PublicClient;
  const history = provenHistory({
    claims: new IndexerClient(o.indexerUrl),
    rootOf: async (epoch) => (await readEpoch(publicClient, o.anchor, epoch))?.root,
    tasks: taskFactsReader(publicClient, {
      address: o.escrow,
      ...(o.fromBlock === undefined ? {} : { fromBlock: o.fromBlock }),
      ...(o.idsPerCall === undefined ? {} : { idsPerCall: o.idsPerCall }),
      ...(o.blocksPerCall === undefined ? {} : { blocksPerCall: o.blocksPerCall }),
    }),
  });
  const { proven, leaves, checked, rejected } = await history(address);
  const meanRating = checked.length === 0 ? null : checked.reduce((s, r) => s + r.rating, 0) / checked.length;
  return { address, proven, leaves, checked, rejected, meanRating, calibration: provenCalibration(address, checked) };
}
