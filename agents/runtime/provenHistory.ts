import type { Address, Hex } from "viem";
import type { ChainTaskFacts } from "../chain/taskFacts.js";
import { checkLeaves, type LeafCheck } from "../market/chainCheck.js";
import { provenClaims, type ProvenReview } from "../market/provenClaims.js";

/** Where the indexer's claims come from (the in-process indexer or its HTTP client). */
export interface ClaimSource {
  reviewsOf(address: Address): Promise<{ reviews: readonly unknown[] }>;
}

/** The on-chain root of an epoch (ReputationAnchor), or null while it is not anchored. */
export type RootReader = (epoch: bigint) => Promise<Hex | null | undefined>;

/** The escrow's facts of these tasks (`readTaskFacts` over the chain, batched). */
export type TaskFactsReader = (taskIds: readonly Hex[]) => Promise<readonly ChainTaskFacts[]>;

export interface HistoryCheck {
  /** Leaves whose proof holds against the anchored root of their epoch. */
  proven: ProvenReview[];
  /** What the escrow's events say about each proven leaf's worker, claim and delivery. */
  leaves: LeafCheck[];
  /** The proven leaves that are also chain-checked: the only ones to believe. */
  checked: ProvenReview[];
  /** Claims that did not check out, by reason (proof stage, then chain stage: mismatched, not-funded, unsettled). */
  rejected: Record<string, number>;
}

/**
 * The indexer's history of a worker, reduced to what the chain proves: every claim's proof is
 * checked against the root ReputationAnchor holds for its epoch (*proven*), then every proven
 * leaf's task facts against the escrow's events (*chain-checked*): the indexer anchors its own
 * roots, so a proof alone cannot show that a leaf's claim or delivery is true. Anything that fails
 * counts as no history. Anchored roots never change, so each is read once. The manager's own
 * reviews are left out, since its tracker already has those outcomes.
 *
 * @example
 * const history = provenHistory({ claims: new IndexerClient(url), rootOf: (e) => readEpoch(pc, anchor, e).then((r) => r?.root),
 *   tasks: async (taskIds) => (await readTaskFacts(pc, { address: escrow, taskIds })).tasks, manager });
 * tracker.setProvenHistory("ada", (await history(adaAddress)).checked);
 */
export function provenHistory(d: { claims: ClaimSource; rootOf: RootReader; tasks: TaskFactsReader; manager?: Address }): (worker: Address) => Promise<HistoryCheck> {
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
    const leaves = result.proven.length === 0 ? [] : checkLeaves(result.proven, await d.tasks(result.proven.map((r) => r.taskId)));
    const checked: ProvenReview[] = [];
    for (const c of leaves) {
      if (c.status === "chain-checked") checked.push(c.review);
      else rejected[c.status] = (rejected[c.status] ?? 0) + 1;
    }
    return { proven: result.proven, leaves, checked, rejected };
  };
}
