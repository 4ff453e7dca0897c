import type { Address, Hex, PublicClient } from "viem";
import { verifyReview, type CheckId } from "../indexer/verifyReview.js";
import type { LocalMarket } from "../wiring/createLocalMarket.js";

/** Checks the first review of the first anchored epoch: *proven* in TypeScript and by the contract, and *chain-checked* against the escrow's events. */
export async function checkOneProof(m: LocalMarket, publicClient: PublicClient, anchor: Address, epochs: readonly { epoch: string }[]): Promise<{ review: Hex; offchain: boolean; onchain: boolean; facts: boolean }> {
  const first = epochs[0];
  if (!first) throw new Error("no epoch was anchored, so there is no proof to check");
  let text = ""; // a demo epoch is small: its dataset fits one string
  for await (const piece of await m.indexer!.dataset(BigInt(first.epoch))) text += piece;
  const dataset = JSON.parse(text) as { leaves: { id: Hex }[] };
  const id = dataset.leaves[0]!.id;
  const report = await verifyReview({ response: await m.indexer!.getReview(id), publicClient, anchor, escrow: m.escrowAddress });
  const ok = (check: CheckId) => report.checks.some((c) => c.id === check && c.ok);
  return { review: id, offchain: ok("proven-offchain"), onchain: ok("proven-onchain"), facts: ok("task-facts") };
}
