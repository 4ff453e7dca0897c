/** Nearest-rank percentile of an ascending array (ms values), rounded to µs. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[i]!.toFixed(3));
}

/** Rounds to `digits` significant digits (figures in a report, not in a computation). */
export function sig(x: number, digits = 3): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/** Milliseconds rounded to hundredths, as the load figures report them. */
export function hundredths(ms: number): number {
  return Math.round(ms * 100) / 100;
}
