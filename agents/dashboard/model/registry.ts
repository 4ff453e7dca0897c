import { getAddress } from "viem";
import type { AgentListResponse } from "../../indexer/api/agentSchemas.js";
import type { AgentEntry } from "./agents.js";

// Pure and browser-safe: the identity registry (ERC-8004) as the indexer mirrors it, as the page's directory.

/**
 * The page's directory entries from GET /agents: each registered agent's bound wallet, agent id,
 * card name and skills. An indexer that mirrors no registry (`registry: null`) gives null, and
 * the page then names agents from the escrow's parties alone. Agents whose card was rejected keep
 * their id but not the card's name or skills.
 *
 * @example registryEntries(await indexer.agents()) // [{ address, agentId: "1", name: "ada", skills: [...] }, ...]
 */
export function registryEntries(list: AgentListResponse): AgentEntry[] | null {
  if (list.registry === null) return null;
  return list.agents.map((a) => ({
    address: getAddress(a.wallet),
    agentId: a.agentId,
    ...(a.status === "checked" && a.name ? { name: a.name } : {}),
    ...(a.status === "checked" ? { skills: a.skills } : {}),
  }));
}
