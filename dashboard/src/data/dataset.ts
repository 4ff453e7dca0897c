import { DatasetJson } from "../../../agents/dashboard/model/datasetJson.js";
import { datasetHash } from "../../../agents/indexer/dataset.js";
import { reviewTreeRoot } from "../../../agents/indexer/merkle/verify.js";
import type { EpochRow } from "./chain.js";

export interface Recompute {
  ok: boolean;
  message: string;
}

/**
 * Downloads an epoch's dataset through the relay, checks its keccak256 against the dataset hash
 * anchored on-chain, and rebuilds the Merkle root from its leaves in this page.
 *
 * @param indexerBase the relay's URL of the indexer (…/indexer).
 */
export async function recomputeEpoch(indexerBase: string, epoch: EpochRow): Promise<Recompute> {
  try {
    const res = await fetch(`${indexerBase}/epochs/${epoch.epoch}/dataset`);
    if (!res.ok) return { ok: false, message: `the indexer answered HTTP ${res.status}` };
    const text = await res.text();
    const hash = datasetHash(text);
    if (hash !== epoch.datasetHash) return { ok: false, message: `dataset hash ${hash.slice(0, 10)}… is not the anchored ${epoch.datasetHash.slice(0, 10)}…` };
    const parsed = DatasetJson.safeParse(JSON.parse(text));
    if (!parsed.success) return { ok: false, message: "the dataset does not match its format" };
    // Parsing already normalised each leaf (checksummed addresses, lower-case hashes, bigint time).
    const leaves = parsed.data.leaves;
    const root = reviewTreeRoot(leaves);
    return root === epoch.root
      ? { ok: true, message: `${leaves.length} leaves rebuild the anchored root ${root.slice(0, 10)}…; dataset hash matches` }
      : { ok: false, message: `the leaves rebuild ${root.slice(0, 10)}…, not the anchored ${epoch.root.slice(0, 10)}…` };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message.split("\n")[0]! : String(err) };
  }
}
