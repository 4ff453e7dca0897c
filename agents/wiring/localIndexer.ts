import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { Address, PublicClient, WalletClient } from "viem";
import { createIndexer, openDb, type Indexer } from "../indexer/index.js";
import type { RegistryMirrorOptions } from "../indexer/registry/registryMirror.js";
import type { JuryMirrorOptions } from "../indexer/jury/juryMirror.js";
import type { ReviewSink } from "../runtime/ports.js";
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
 * anchoring with `anchorer` to the given ReputationAnchor, or to a fresh one it deploys.
 */
export async function startLocalIndexer(o: {
  viem: HardhatViemHelpers;
  publicClient: PublicClient;
  anchorer: WalletClient;
  escrow: Address;
  anchor?: Address;
  epochSeconds?: number;
  databaseUrl?: string;
  /** The identity registry to mirror for GET /agents. */
  registry?: RegistryMirrorOptions;
  /** A JuryArbiter and a TeamAccountFactory to follow (jurors' records, team membership). */
  jury?: JuryMirrorOptions["jury"];
  teamFactory?: JuryMirrorOptions["teamFactory"];
}): Promise<LocalIndexer> {
  const { publicClient } = o;
  const owner = o.anchorer.account!.address;
  const epochSeconds = o.epochSeconds ?? 60;
  const anchorAddress = o.anchor ?? ((await o.viem.deployContract("ReputationAnchor", [owner, owner, BigInt(epochSeconds)])).address as Address);
  let chainSeconds = Number((await publicClient.getBlock()).timestamp);
  const syncClock = async () => {
    chainSeconds = Number((await publicClient.getBlock()).timestamp);
  };
  const db = await openDb({ databaseUrl: o.databaseUrl });
  const indexer = await createIndexer({
    db,
    publicClient,
    walletClient: o.anchorer,
    escrow: o.escrow,
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
