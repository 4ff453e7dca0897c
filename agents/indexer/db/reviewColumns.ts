import type { Address, Hex } from "viem";

/**
 * The signed review's columns of a `reviews` row as the database returns them: the indexer
 * writes ids and hashes in lower case and addresses checksummed, so they read back typed.
 * store.ts's ReviewRow and the leaf-facts backfill both extend it.
 */
export interface ReviewColumns {
  id: Hex;
  task_id: Hex;
  reviewer: Address;
  subject: Address;
  rating: number;
  comment_hash: Hex;
  ts: string | number;
}
