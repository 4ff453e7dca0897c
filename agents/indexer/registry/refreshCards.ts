import { getAddress, zeroAddress, type Address } from "viem";
import { a2aCardUri, parseRegistrationFile } from "../../registry/registrationFile.js";
import { verifyAgentCard, type TypedDataVerifier } from "../../registry/cardSignature.js";
import { RegistryDocumentError } from "../../registry/errors.js";
import type { Db } from "../db/Db.js";

export interface RefreshCardsOptions {
  db: Db;
  chainId: number;
  registry: Address;
  /** Reads a JSON document by URI (agents/registry/fetchDocument.ts: http(s) and data:, bounded). */
  fetchDocument: (uri: string) => Promise<unknown>;
  /** Checks the card signature; pass `publicClient.verifyTypedData` to accept ERC-1271 wallets. */
  verify?: TypedDataVerifier;
  /** Unix seconds. */
  now: number;
  /** Most agents checked per call (20). */
  limit?: number;
  /** Attempts before an unreachable document counts as rejected (6; waits 10 s, 20 s, ... 5 min). */
  maxAttempts?: number;
}

/**
 * Fetches and checks the cards of agents whose URI or wallet changed: registration file, then
 * the Agent Card its A2A service names, then the card's signature against the wallet the chain
 * has bound. A checked card is stored with its skills; anything else is `rejected` with its
 * error code (an unreachable host is retried with backoff first). The update only lands if the
 * agent's URI and wallet are still the ones checked, so a concurrent event is never overwritten.
 *
 * @returns how many agents were checked and rejected by this call.
 */
export async function refreshAgentCards(opts: RefreshCardsOptions): Promise<{ checked: number; rejected: number }> {
  const { db, registry } = opts;
  const due = await db.query<{ agent_id: string; agent_uri: string; wallet: string; card_attempts: number }>(
    `SELECT agent_id, agent_uri, wallet, card_attempts FROM registered_agents
     WHERE registry = $1 AND card_status = 'pending' AND card_next_check <= $2 ORDER BY registered_block, agent_id LIMIT $3`,
    [registry, opts.now, opts.limit ?? 20],
  );
  let checked = 0;
  let rejected = 0;
  for (const row of due) {
    const same = [registry, row.agent_id, row.agent_uri, row.wallet];
    const where = "WHERE registry = $1 AND agent_id = $2 AND agent_uri = $3 AND wallet = $4 AND card_status = 'pending'";
    try {
      if (row.wallet === zeroAddress) throw new RegistryDocumentError("CARD_WRONG_WALLET", "the agent has no bound wallet", {});
      if (!row.agent_uri) throw new RegistryDocumentError("REGISTRY_DOC_UNREACHABLE", "the agent has no URI yet", {});
      const file = parseRegistrationFile(await opts.fetchDocument(row.agent_uri));
      const expected = { chainId: opts.chainId, registry, agentId: BigInt(row.agent_id), wallet: getAddress(row.wallet) };
      const card = await verifyAgentCard(await opts.fetchDocument(a2aCardUri(file)), expected, opts.verify);
      await db.query(
        `UPDATE registered_agents SET card_status = 'checked', card_error = NULL, card = $5, card_hash = $6, skills = $7,
           name = $8, url = $9, cost_per_step = $10, max_steps = $11, checked_at = $12 ${where}`,
        [...same, JSON.stringify(card.card), card.cardHash, card.skills, card.name, card.url, card.costPerStep, card.maxSteps, opts.now],
      );
      checked++;
    } catch (err) {
      const code = err instanceof RegistryDocumentError ? err.code : "REGISTRY_DOC_UNREACHABLE";
      const attempts = row.card_attempts + 1;
      const retry = code === "REGISTRY_DOC_UNREACHABLE" && attempts < (opts.maxAttempts ?? 6);
      if (!retry) rejected++;
      await db.query(
        `UPDATE registered_agents SET card_status = $5, card_error = $6, card_attempts = $7, card_next_check = $8 ${where}`,
        [...same, retry ? "pending" : "rejected", code, attempts, opts.now + Math.min(10 * 2 ** (attempts - 1), 300)],
      );
    }
  }
  return { checked, rejected };
}
