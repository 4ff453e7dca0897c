import { getAddress, type Address } from "viem";
import type { AgentDirectory } from "../../registry/directory.js";
import { A2A_RPC_PATH } from "./a2aWire.js";
import type { PeerDirectory } from "./peerClients.js";

/** The A2A base URL a card's `url` names (docs/PROTOCOL.md section 9); a trailing `/a2a` is read as the JSON-RPC path under it. */
export const a2aBase = (cardUrl: string): string => cardUrl.replace(/\/+$/, "").replace(new RegExp(`${A2A_RPC_PATH}$`), "");

/**
 * Where agents serve A2A, as the identity registry says: the checked card of each registered
 * agent (the registration file's A2A service, through `directory`) names its endpoint. Looked up
 * by wallet, cached for `ttlMs` (10 s); an address that failed is forgotten, so a peer that
 * restarted on another port is found again once its new card is registered.
 *
 * @example new A2ATransport({ security, directory: registryPeers(chainDirectory({ publicClient, registry })) })
 */
export function registryPeers(directory: AgentDirectory, ttlMs = 10_000): PeerDirectory {
  let urls = new Map<Address, string>();
  let readAt = -Infinity;
  let reading: Promise<void> | undefined;
  const refresh = () =>
    (reading ??= directory
      .capable([])
      .then((entries) => {
        urls = new Map(entries.map((e) => [getAddress(e.wallet), a2aBase(e.url)]));
        readAt = Date.now();
      })
      .catch(() => undefined)
      .finally(() => (reading = undefined)));
  return {
    async urlOf(wallet) {
      const w = getAddress(wallet);
      if (!urls.has(w) || Date.now() - readAt > ttlMs) await refresh();
      return urls.get(w);
    },
    forget(wallet) {
      urls.delete(getAddress(wallet));
    },
  };
}
