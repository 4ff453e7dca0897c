import type { PushAward, PushTokenStore } from "../transport/a2a/pushTokens.js";
import type { AgentStore } from "./ports.js";

const PREFIX = "push:";

/**
 * The push tokens of an agent's awards in its {@link AgentStore}, next to its task records (on disk
 * over a FileStore): a manager restarted between award and result still knows the token the
 * worker pushes with, and takes the result. A spent token is kept as `null` (the store has no
 * delete), so it is refused like an unknown one.
 *
 * @example
 * const transport = new A2ATransport({ security });
 * await transport.connect(identity, { pushTokens: storedPushTokens(new FileStore("data/manager.json")) });
 */
export function storedPushTokens(store: AgentStore): PushTokenStore {
  return {
    save: (token, award) => store.set<PushAward>(PREFIX + token, award),
    load: (token) => store.get<PushAward | null>(PREFIX + token) ?? undefined,
    spend: (token) => store.set(PREFIX + token, null),
  };
}
