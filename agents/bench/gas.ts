import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { PublicClient, WalletClient } from "viem";
import { measureAnchorGas } from "./measureAnchorGas.js";
import { measureEscrowGas } from "./measureEscrowGas.js";
import { measureJuryGas, type JuryGasFigures } from "./measureJuryGas.js";

export interface GasSection {
  /** `npm run bench:gas`'s object: receipt gasUsed per escrow path. */
  escrow: Record<string, number>;
  /** Receipt gasUsed of one daily anchor (and of the very first one). */
  anchor: { firstAnchor: number; anchor: number };
  /** One anchor transaction shared by every review of the epoch. */
  perAnchoredReview: { reviewsPerEpoch: number; gas: number }[];
  /** One 5-juror JuryArbiter case (commit and reveal per juror) and a 3-member TeamAccount. */
  jury: JuryGasFigures["jury"];
  team: JuryGasFigures["team"];
}

export const REVIEWS_PER_EPOCH = [1_000, 100_000, 1_000_000] as const;

/**
 * The gas section: the escrow figures of `bench:gas` and the anchor's cost, also spread over
 * 1k, 100k and 1M reviews per epoch (an anchor's gas does not depend on the leaf count).
 *
 * @example
 * const conn = await network.create();
 * const gas = await benchGas(conn);
 */
export async function benchGas(conn: {
  viem: HardhatViemHelpers;
  networkHelpers: { mine(blocks?: number): Promise<unknown>; time: { increase(s: number): Promise<unknown>; increaseTo(t: number): Promise<unknown> } };
}): Promise<GasSection> {
  const publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const [owner, client, worker, arbiter, feeRecipient] = (await conn.viem.getWalletClients()) as unknown as WalletClient[];
  if (!owner || !client || !worker || !arbiter || !feeRecipient) throw new Error("benchGas: need five accounts");
  // Deadlines end up in calldata: a fixed start keeps the figures reproducible (as bench:gas does).
  await conn.networkHelpers.time.increaseTo(1_900_000_000);
  const escrow = await measureEscrowGas({
    publicClient,
    wallets: { owner, client, worker, arbiter, feeRecipient },
    increaseTime: async (s) => void (await conn.networkHelpers.time.increase(s)),
  });
  const anchor = await measureAnchorGas({ publicClient, wallet: owner });
  const { jury, team } = await measureJuryGas({ viem: conn.viem, increaseTime: (s) => conn.networkHelpers.time.increase(s), mine: () => conn.networkHelpers.mine(1) });
  return {
    escrow: { ...escrow },
    anchor,
    jury,
    team,
    perAnchoredReview: REVIEWS_PER_EPOCH.map((n) => ({ reviewsPerEpoch: n, gas: Number((anchor.anchor / n).toPrecision(3)) })),
  };
}
