/** One UTC day: the default epoch length. */
export const DAY_SECONDS = 86_400;

/**
 * The epoch holding unix time `t`: epoch n covers [n·len, (n+1)·len). With the default length
 * the epoch number is the UTC day number since 1970-01-01.
 *
 * @example
 * epochOf(Date.UTC(2026, 10, 21) / 1000, 86400) // 20413n
 */
export function epochOf(t: number | bigint, epochSeconds: number): bigint {
  if (!Number.isSafeInteger(epochSeconds) || epochSeconds <= 0) throw new RangeError(`epoch length ${epochSeconds} must be a positive integer`);
  return BigInt(t) / BigInt(epochSeconds);
}

/** Start (inclusive) and end (exclusive) of epoch `n`, in unix seconds. */
export function epochBounds(n: bigint, epochSeconds: number): { start: bigint; end: bigint } {
  const len = BigInt(epochSeconds);
  return { start: n * len, end: (n + 1n) * len };
}

/** True once epoch `n` has ended at time `now`: only then may it be closed. */
export function epochEnded(n: bigint, now: number | bigint, epochSeconds: number): boolean {
  return BigInt(now) >= epochBounds(n, epochSeconds).end;
}
