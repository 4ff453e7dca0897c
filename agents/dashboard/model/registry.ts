import { getAddress } from "viem";
import { z } from "zod";
import { AddressString } from "../../protocol/task.js";
import type { AgentEntry } from "./agents.js";

// Pure and browser-safe: the plug-in point for the identity registry (issue 13) the indexer mirrors.

/** One entry of GET /agents as the registry's indexer lists it; fields the page does not use are ignored. */
const RegistryEntry = z.object({
  agentId: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  wallet: AddressString.optional(),
  address: AddressString.optional(),
  skills: z.array(z.string()).optional(),
  /** The name on the agent's checked card. */
  name: z.string().min(1).max(80).nullable().optional(),
});
const RegistryList = z.union([z.array(RegistryEntry), z.object({ agents: z.array(RegistryEntry) })]);

/**
 * Reads GET /agents (a bare list or `{ agents: [...] }`) into directory entries, keyed by the
 * agent's bound wallet (or address); entries without either are skipped. Anything else is null:
 * the page then names agents from the escrow's parties alone.
 *
 * @example parseRegistryList({ agents: [{ agentId: 7, wallet: "0x…", skills: ["code"] }] }) // [{ address, agentId: "7", skills }]
 */
export function parseRegistryList(json: unknown): AgentEntry[] | null {
  const parsed = RegistryList.safeParse(json);
  if (!parsed.success) return null;
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.agents;
  return list.flatMap((e) => {
    const a = e.wallet ?? e.address;
    return a ? [{ address: getAddress(a), agentId: e.agentId, ...(e.name ? { name: e.name } : {}), ...(e.skills ? { skills: e.skills } : {}) }] : [];
  });
}
