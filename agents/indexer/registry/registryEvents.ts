import { getAddress, isHex, zeroAddress, type Address } from "viem";
import { identityRegistryAbi } from "../../chain/identityRegistryAbi.js";
import type { Db } from "../db/Db.js";

/** The registry events the mirror folds: who owns an agent, where its file is, which wallet signs. */
export const REGISTRY_EVENTS = ["Registered", "URIUpdated", "MetadataSet", "Transfer"] as const;
export type RegistryEventName = (typeof REGISTRY_EVENTS)[number];

type EventItem = Extract<(typeof identityRegistryAbi)[number], { type: "event" }>;

/** Their ABI, from the compiled IdentityRegistry (the canonical ERC-8004 events). */
export const registryEventsAbi = identityRegistryAbi.filter(
  (item): item is Extract<EventItem, { name: RegistryEventName }> => item.type === "event" && (REGISTRY_EVENTS as readonly string[]).includes(item.name),
);

/** The agent id an event is about (Transfer calls it tokenId). */
export function agentIdOf(name: RegistryEventName, args: Record<string, unknown>): bigint {
  return (name === "Transfer" ? args.tokenId : args.agentId) as bigint;
}

/**
 * Folds one registry event into `registered_agents`. Anything that changes what the card must
 * match (URI, wallet) sends the agent back to `pending`, so its card is fetched and checked again.
 */
export async function applyRegistryEvent(tx: Db, registry: Address, name: RegistryEventName, args: Record<string, unknown>, block: bigint): Promise<void> {
  const agentId = agentIdOf(name, args).toString();
  switch (name) {
    case "Registered": {
      // The registrant is the agent's first wallet (ERC-8004), until setAgentWallet binds another.
      const owner = getAddress(args.owner as string);
      await tx.query(
        `INSERT INTO registered_agents (registry, agent_id, owner, agent_uri, wallet, registered_block, card_status)
         VALUES ($1, $2, $3, $4, $3, $5, 'pending') ON CONFLICT (registry, agent_id) DO NOTHING`,
        [registry, agentId, owner, args.agentURI as string, block],
      );
      return;
    }
    case "URIUpdated":
      await repoint(tx, registry, agentId, "agent_uri", args.newURI as string);
      return;
    case "MetadataSet": {
      if (args.metadataKey !== "agentWallet") return;
      const value = args.metadataValue as string;
      const wallet = isHex(value) && value.length === 42 ? getAddress(value) : zeroAddress;
      await repoint(tx, registry, agentId, "wallet", wallet);
      return;
    }
    case "Transfer": {
      // Mints come with Registered; a burn leaves the agent without owner: nobody to ask.
      if (getAddress(args.from as string) === zeroAddress) return;
      await tx.query("UPDATE registered_agents SET owner = $3 WHERE registry = $1 AND agent_id = $2", [registry, agentId, getAddress(args.to as string)]);
      if (getAddress(args.to as string) === zeroAddress) await repoint(tx, registry, agentId, "wallet", zeroAddress);
      return;
    }
    default: {
      const never: never = name;
      throw new Error(`unhandled registry event ${String(never)}`);
    }
  }
}

async function repoint(tx: Db, registry: Address, agentId: string, column: "agent_uri" | "wallet", value: string): Promise<void> {
  await tx.query(
    `UPDATE registered_agents SET ${column} = $3, card_status = 'pending', card_error = NULL, card_attempts = 0, card_next_check = 0
     WHERE registry = $1 AND agent_id = $2`,
    [registry, agentId, value],
  );
}
