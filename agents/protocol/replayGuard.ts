import type { Address } from "viem";
import { addressKey } from "./codecs.js";

/**
 * Remembers each accepted envelope's (signer, nonce) until it expires, so the same envelope is
 * acted on once. Memory is bounded by the senders' rate times the maximum envelope lifetime.
 *
 * @example
 * const replay = new ReplayGuard();
 * replay.accept(signer, nonce, expiry, now); // true the first time, false after
 */
export class ReplayGuard {
  private readonly seen = new Map<string, bigint>();
  private lastPrune = 0n;

  /** True if the envelope is new (and records it); false for a replay. */
  accept(signer: Address, nonce: bigint, expiry: bigint, nowSeconds: bigint): boolean {
    if (nowSeconds - this.lastPrune >= 30n) this.prune(nowSeconds);
    const key = `${addressKey(signer)}:${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until >= nowSeconds) return false;
    this.seen.set(key, expiry);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(nowSeconds: bigint): void {
    this.lastPrune = nowSeconds;
    for (const [k, until] of this.seen) if (until < nowSeconds) this.seen.delete(k);
  }
}
