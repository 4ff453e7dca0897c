import type { Address, Hex } from "viem";

/** What a push token was issued for: the award's worker and escrow task. */
export interface PushAward {
  worker: Address;
  taskId: Hex;
}

/**
 * Where an endpoint keeps the push tokens of the awards it sent, until the result arrives. In
 * memory by default; a manager keeps them in its own store (agents/runtime/storedPushTokens.ts),
 * so a result pushed after the manager restarted is still taken.
 */
export interface PushTokenStore {
  save(token: string, award: PushAward): void;
  load(token: string): PushAward | undefined;
  /** The result arrived: the token is spent. */
  spend(token: string): void;
}

/** Push tokens in this process's memory: lost when it exits. */
export function memoryPushTokens(): PushTokenStore {
  const tokens = new Map<string, PushAward>();
  return {
    save: (token, award) => void tokens.set(token, award),
    load: (token) => tokens.get(token),
    spend: (token) => void tokens.delete(token),
  };
}
