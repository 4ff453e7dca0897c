/** How big each scenario is: the quick set runs inside `hardhat test`, the full set in `npm run test:hardening`. */
export interface HardeningCounts {
  httpFuzzRequests: number;
  llmFaultRounds: number;
  indexerKillReviews: number;
  indexerKills: number;
  loadPerSecond: number;
  loadSeconds: number;
}

export const QUICK: HardeningCounts = { httpFuzzRequests: 600, llmFaultRounds: 1, indexerKillReviews: 300, indexerKills: 3, loadPerSecond: 0, loadSeconds: 0 };
// 10,000 rather than 100,000 reviews: each pair needs a real task funded, submitted and released
// on the chain first, about 30 minutes for 50,000 tasks on this machine; see the README.
export const FULL: HardeningCounts = { httpFuzzRequests: 10_000, llmFaultRounds: 3, indexerKillReviews: 10_000, indexerKills: 5, loadPerSecond: 1_000, loadSeconds: 60 };

/** QUICK unless HARDENING=full (the full runner sets it). */
export function hardeningCounts(): HardeningCounts {
  return process.env.HARDENING === "full" ? FULL : QUICK;
}
