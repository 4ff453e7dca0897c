import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { readEpoch } from "../chain/anchor.js";
import { IndexerClient } from "../indexer/client.js";
import type { ProvenReview } from "../market/provenClaims.js";
import { provenCalibration, type Calibration } from "../market/calibration.js";
import { provenHistory } from "../runtime/provenHistory.js";

export interface VerifyReputationOptions {
  /** Where the claims come from; nothing it says is believed without a proof. */
  indexerUrl: string;
  /** The chain the roots are read from. */
  rpcUrl: string;
  /** The ReputationAnchor holding each epoch's root. */
  anchor: Address;
}

export interface VerifiedReputation {
  address: Address;
  /** Every review about `address` whose Merkle proof checks against the root anchored on chain. */
  proven: ProvenReview[];
  /** Claims that did not check out, by reason (bad-proof, unknown-epoch, wrong-subject, ...). */
  rejected: Record<string, number>;
  /** Mean star rating of the proven reviews, or null without any. */
  meanRating: number | null;
  /**
   * Claimed against delivered success over the proven leaves where `address` was the reviewed
   * worker (each leaf carries the claim signed in its bid and what the settlement paid), or null
   * without any: mean gap, Brier score and the factor a manager applies to its next claim.
   */
  calibration: Calibration | null;
}

/**
 * An agent's history, reduced to what the chain proves: the indexer's reviews about `address`,
 * each kept only if its proof leads to the root ReputationAnchor holds for its epoch
 * (`isReviewProven`). An indexer that invents, alters or re-attributes a review gains nothing, and
 * the calibration is computed from those proven leaves alone.
 *
 * @example
 * const rep = await verifyReputation(worker, { indexerUrl: "http://127.0.0.1:8787", rpcUrl, anchor });
 * console.log(rep.proven.length, rep.meanRating, rep.calibration?.meanGap);
 */
export async function verifyReputation(address: Address, o: VerifyReputationOptions): Promise<VerifiedReputation> {
  const publicClient = createPublicClient({ transport: http(o.rpcUrl) }) as PublicClient;
  const history = provenHistory({ claims: new IndexerClient(o.indexerUrl), rootOf: async (epoch) => (await readEpoch(publicClient, o.anchor, epoch))?.root });
  const { proven, rejected } = await history(address);
  const meanRating = proven.length === 0 ? null : proven.reduce((s, r) => s + r.rating, 0) / proven.length;
  return { address, proven, rejected, meanRating, calibration: provenCalibration(address, proven) };
}
