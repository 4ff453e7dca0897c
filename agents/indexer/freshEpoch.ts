import type { Db } from "./db/Db.js";
import { getEpoch, type EpochRecord } from "./store.js";

/**
 * An epoch's record for an API process that reads through a replica (db/readReplica.ts): the
 * replica's when it shows the epoch anchored (an anchored epoch never changes, and its tree pages
 * and dataset were committed before it was marked anchored, so the replica holds them too),
 * otherwise the primary's, so an epoch the replica has not caught up with is answered as the
 * primary has it (anchored, with its proof read from the primary) and never half. `onPrimary`
 * says where the record came from: proofs of that epoch must be read from the same side. Without
 * a primary (`reads` is the primary), one read.
 *
 * @example
 * const { record, onPrimary } = await freshEpoch(reads, primary, 20413n);
 */
export async function freshEpoch(reads: Db, primary: Db | null, epoch: bigint): Promise<{ record: EpochRecord | null; onPrimary: boolean }> {
  const seen = await getEpoch(reads, epoch);
  if (!primary || seen?.status === "anchored") return { record: seen, onPrimary: false };
  return { record: await getEpoch(primary, epoch), onPrimary: true };
}
