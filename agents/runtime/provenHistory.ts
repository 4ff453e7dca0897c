import type { Address, Hex } from "viem";
import { provenClaims, type ProvenReview } from "../market/provenClaims.js";

/** Where the indexer's claims come from (the in-process indexer or its HTTP client). */
export interface ClaimSource {
  reviewsOf(address: Address): Promise<{ reviews: readonly unknown[] }>;
}

/** The on-chain root of an epoch (ReputationAnchor), or null while it is not anchored. */
export type RootReader = (epoch: bigint) => Promise<Hex | null | undefined>;

export interface HistoryCheck {
  proven: ProvenReview[];
  /** Claims that did not check out against the chain, by reason. */
  rejected: Record<string, number>;
}

/**
 * The indexer's history of a worker, reduced to what the chain proves (the *proven* reviews): every claim's proof is
 * checked against the root ReputationAnchor holds for its epoch, and anything that fails (or
 * whose epoch is not anchored) counts as no history. Anchored roots never change, so each is
 * read once. The manager's own reviews are left out, since its tracker already has those outcomes.
 *
 * @example
 * const history = provenHistory({ claims: new IndexerClient(url), rootOf: (e) => readEpoch(pc, anchor, e).then((r) => r?.root), manager });
 * tracker.setProvenHistory("ada", (await history(adaAddress)).proven);
 */
export function provenHistory(d: { claims: ClaimSource; rootOf: RootReader; manager?: Address }): (worker: Address) => Promise<HistoryCheck> {
  const roots = new Map<bigint, Hex>();
  return async (worker) => {
    const { reviews } = await d.claims.reviewsOf(worker);
    const epochs = new Set<bigint>();
    for (const r of reviews) {
      const e = (r as { epoch?: unknown }).epoch;
      if (typeof e === "string" && /^[0-9]{1,20}$/.test(e)) epochs.add(BigInt(e));
    }
    for (const e of epochs) {
      if (roots.has(e)) continue;
      const root = await d.rootOf(e);
      if (root) roots.set(e, root);
    }
    const result = provenClaims(reviews, { rootOf: (e) => roots.get(e), subject: worker, ...(d.manager ? { excludeReviewer: d.manager } : {}) });
    const rejected: Record<string, number> = {};
    for (const r of result.rejected) rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
    return { proven: result.proven, rejected };
  };
}
