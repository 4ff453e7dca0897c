import type { Address } from "viem";
import { gini } from "../../demo/metrics.js";
import { outcomeOf, type TaskRow } from "./tasks.js";

// Pure and browser-safe: the Metrics view's chart data, as columns uPlot takes.

export interface MetricSeries {
  /** Settlement times (unix seconds), one point per settled task. */
  time: number[];
  successRate: number[];
  disputeRate: number[];
  /** Gini of the workers' earnings in one token so far (workers with no payout yet count as 0). */
  gini: number[];
  /** Start of each throughput bucket and the tasks settled in it. */
  bucketStart: number[];
  settledPerBucket: number[];
  bucketSeconds: number;
}

const NICE = [60, 300, 600, 1_800, 3_600, 6 * 3_600, 12 * 3_600, 86_400, 7 * 86_400];

/**
 * Running success rate, dispute rate and Gini after each settlement, and tasks settled per time
 * bucket (a round size giving at most ~24 buckets), over the settled tasks in time order.
 *
 * @param workers addresses whose earnings enter the Gini (registry or parties).
 * @example
 * const s = metricSeries(rows, workers.map((w) => w.address), token);
 */
export function metricSeries(rows: readonly TaskRow[], workers: readonly Address[], token: Address | undefined): MetricSeries {
  const settled = rows
    .filter((r) => r.settledAt !== undefined && outcomeOf(r.status) !== null)
    .sort((a, b) => a.settledAt! - b.settledAt!);
  const earnings = new Map<Address, bigint>(workers.map((w) => [w, 0n]));
  const s: MetricSeries = { time: [], successRate: [], disputeRate: [], gini: [], bucketStart: [], settledPerBucket: [], bucketSeconds: 0 };
  let ok = 0;
  let disputed = 0;
  settled.forEach((r, i) => {
    const o = outcomeOf(r.status)!;
    if (o === "released" || o === "auto-released") ok++;
    if (o === "ruled" || o === "fallback-settled") disputed++;
    // Checksummed where they enter (foldTasks, registryEntries): compared as they are.
    if (r.token === token) earnings.set(r.worker, (earnings.get(r.worker) ?? 0n) + r.payout);
    s.time.push(r.settledAt!);
    s.successRate.push(ok / (i + 1));
    s.disputeRate.push(disputed / (i + 1));
    s.gini.push(gini([...earnings.values()]));
  });
  if (settled.length === 0) return s;
  const first = s.time[0]!;
  const span = Math.max(1, s.time[s.time.length - 1]! - first + 1);
  const size = NICE.find((n) => span / n <= 24) ?? Math.ceil(span / 24);
  const start = Math.floor(first / size) * size;
  const buckets = Math.floor((s.time[s.time.length - 1]! - start) / size) + 1;
  s.bucketSeconds = size;
  for (let b = 0; b < buckets; b++) {
    s.bucketStart.push(start + b * size);
    s.settledPerBucket.push(0);
  }
  for (const t of s.time) s.settledPerBucket[Math.floor((t - start) / size)]! += 1;
  return s;
}
