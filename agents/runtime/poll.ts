import type { Clock } from "./ports.js";

/**
 * Calls `fn` every `ms` on the injected clock, never overlapping: the next call is scheduled
 * only after the previous one settled. Returns a function that stops it.
 *
 * @example
 * const stop = poll(systemClock, 1_000, () => worker.tick());
 */
export function poll(clock: Clock, ms: number, fn: () => Promise<void>): () => void {
  let handle: unknown;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    handle = clock.setTimeout(() => void fn().finally(schedule), ms);
  };
  schedule();
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
