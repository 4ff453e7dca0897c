import type { AnchorPort } from "../indexer/closeEpoch.js";

/**
 * For the hardening suite only (INDEXER_FAULT=kill-after-anchor-send): an anchor port that
 * broadcasts the anchoring transaction and then kills its own process before the indexer can
 * record it, which is the crash a restart must finish without anchoring twice.
 */
export function killAfterAnchorSend(real: AnchorPort, kill: () => void = () => process.kill(process.pid, "SIGKILL")): AnchorPort {
  return {
    ...real,
    async send(args) {
      await real.send(args);
      kill();
      return new Promise<never>(() => {});
    },
  };
}
