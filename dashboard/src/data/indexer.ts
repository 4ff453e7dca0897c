import type { Address, Hex, PublicClient } from "viem";
import { readEpoch } from "../../../agents/chain/anchor.js";
import { badgeFor, type Badge } from "../../../agents/dashboard/model/proofBadge.js";
import type { AgentSource } from "../../../agents/dashboard/model/agents.js";
import type { ReputationResponse, ReviewResponse } from "../../../agents/indexer/api/schemas.js";
import { IndexerClient, IndexerHttpError } from "../../../agents/indexer/client.js";
import { registryEntries } from "../../../agents/dashboard/model/registry.js";
import { serverUrl } from "./config.js";

/** The indexer's view of one agent: its score and the anchored reviews about it, each with its badge. */
export interface AgentReputation {
  reputation: ReputationResponse | null;
  reviews: { response: ReviewResponse; badge: Badge }[];
  error?: string;
}

/**
 * Agents from the identity registry the indexer mirrors (GET /agents, checked with the indexer's
 * own schema). Without a registry, or if the call fails, the source reports null and the page
 * falls back to the escrow's parties.
 */
export function registrySource(indexer: IndexerClient): AgentSource {
  return {
    name: "identity registry (GET /agents)",
    list: () => indexer.agents().then(registryEntries, () => null),
  };
}

/**
 * Reads reputations and reviews from the indexer, and checks every review's proof in this page
 * against the root ReputationAnchor returns for its epoch over JSON-RPC. Badges are cached per
 * review and proof; roots once read are kept (anchored roots never change).
 */
export class ReputationReader {
  readonly indexer: IndexerClient;
  readonly base: string;
  private readonly roots = new Map<string, Hex>();
  private readonly badges = new Map<string, Badge>();

  constructor(
    private readonly client: PublicClient,
    private readonly anchor: Address | null,
    indexerPath: string,
  ) {
    this.base = serverUrl(indexerPath).replace(/\/+$/, "");
    // Bound: a browser refuses fetch called as another object's method ("Illegal invocation").
    this.indexer = new IndexerClient(this.base, globalThis.fetch.bind(globalThis));
  }

  private async rootOf(epoch: string): Promise<Hex | null> {
    const cached = this.roots.get(epoch);
    if (cached) return cached;
    if (!this.anchor) return null;
    const rec = await readEpoch(this.client, this.anchor, BigInt(epoch));
    if (rec) this.roots.set(epoch, rec.root);
    return rec?.root ?? null;
  }

  async badge(r: ReviewResponse): Promise<Badge> {
    const key = `${r.id}:${(r.proof ?? []).join(",")}`;
    const known = this.badges.get(key);
    if (known) return known;
    const badge = badgeFor(r, r.anchored && r.proof ? await this.rootOf(r.epoch) : null);
    this.badges.set(key, badge);
    return badge;
  }

  async of(address: Address): Promise<AgentReputation> {
    try {
      const [reputation, reviews] = await Promise.all([
        this.indexer.reputation(address).catch((e: unknown) => (e instanceof IndexerHttpError && e.status === 404 ? null : Promise.reject(e))),
        this.indexer.reviewsOf(address),
      ]);
      return { reputation, reviews: await Promise.all(reviews.reviews.map(async (response) => ({ response, badge: await this.badge(response) }))) };
    } catch (err) {
      return { reputation: null, reviews: [], error: err instanceof Error ? err.message.split("\n")[0] : String(err) };
    }
  }
}
