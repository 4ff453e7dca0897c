import type { Address, PublicClient, WalletClient } from "viem";
import { createIndexer, openDb, type Indexer } from "../indexer/index.js";
import type { RegistryMirrorOptions } from "../indexer/registry/registryMirror.js";
import type { JuryMirrorOptions } from "../indexer/jury/juryMirror.js";
import type { ReviewSink } from "../runtime/ports.js";
import type { Deployment } from "../deploy/deployment.js";
import { indexerReviewSink } from "./indexerReviewSink.js";

export interface LocalIndexer {
  indexer: Indexer;
  anchorAddress: Address;
  /** Where every agent posts its reviews. */
  reviews: ReviewSink;
  /** Brings the indexer's clock to the chain's time (reviews carry chain time, and tests move it). */
  syncClock(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The reputation indexer of a local market, in-process on embedded PGlite (or `databaseUrl`),
 * anchoring with `anchorer` to the deployment's ReputationAnchor.
 */
export async function startLocalIndexer(o: {
  publicClient: PublicClient;
  anchorer: WalletClient;
  /** The market whose escrow it follows and whose ReputationAnchor it anchors to. */
  deployment: Pick<Deployment, "escrow" | "anchor" | "epochSeconds">;
  databaseUrl?: string;
  /** The identity registry to mirror for GET /agents. */
  registry?: RegistryMirrorOptions;
  /** A JuryArbiter and a TeamAccountFactory to follow (jurors' records, team membership). */
  jury?: JuryMirrorOptions["jury"];
  teamFactory?: JuryMirrorOptions["teamFactory"];
}): Promise<LocalIndexer> {
  const { publicClient } = o;
  const { epochSeconds } = o.deployment;
  const anchorAddress = o.deployment.anchor.address;
  let chainSeconds = Number((await publicClient.getBlock()).timestamp);
  const syncClock = async () => {
    chainSeconds = Number((await publicClient.getBlock()).timestamp);
  };
  const db = await openDb({ databaseUrl: o.databaseUrl });
  const indexer = await createIndexer({
    db,
    publicClient,
    walletClient: o.anchorer,
    escrow: o.deployment.escrow.address,
    anchor: anchorAddress,
    epochSeconds,
    confirmations: 0,
    clock: () => chainSeconds,
    ...(o.registry ? { registry: o.registry } : {}),
    jury: o.jury,
    teamFactory: o.teamFactory,
  });
  return { indexer, anchorAddress, reviews: indexerReviewSink(indexer, syncClock), syncClock, close: () => db.close() };
}
