import { getAddress, verifyTypedData, type Address, type PublicClient } from "viem";
import { fetchDocument as fetchBounded } from "../../registry/fetchDocument.js";
import type { TypedDataVerifier } from "../../registry/cardSignature.js";
import type { AgentListResponse, RegisteredAgentResponse } from "../api/agentSchemas.js";
import type { Db } from "../db/Db.js";
import { NotFoundError } from "../errors.js";
import { getAgent, listAgents } from "./agentQueries.js";
import { ingestRegistryOnce } from "./ingestRegistry.js";
import { refreshAgentCards } from "./refreshCards.js";

export interface RegistryMirrorOptions {
  /** The ERC-8004 identity registry (ours or the canonical one). */
  address: Address;
  /** Its deployment block: where the first scan starts. */
  startBlock?: bigint;
  /** How documents are read (default: http(s) and data:, 64 KiB, 5 s). */
  fetchDocument?: (uri: string) => Promise<unknown>;
}

/**
 * The indexer's copy of the identity registry: events in, checked cards out. `sync` ingests new
 * registry events and checks the cards that are due; `agents` and `agent` answer the API (from
 * `readDb` when given).
 */
export function createRegistryMirror(
  opts: RegistryMirrorOptions & { db: Db; publicClient: PublicClient; chainId: number; confirmations: number; clock: () => number; readDb?: Db },
) {
  const registry = getAddress(opts.address);
  const { db, publicClient, chainId } = opts;
  // EOAs are checked locally; a contract wallet through ERC-1271 on the chain.
  const verify: TypedDataVerifier = async (args) =>
    (await publicClient.getCode({ address: args.address }).catch(() => undefined)) ? publicClient.verifyTypedData(args as never)
      : verifyTypedData(args);
  return {
    registry,
    async sync(): Promise<{ events: number; checked: number; rejected: number }> {
      const { events } = await ingestRegistryOnce({ db, publicClient, chainId, registry, confirmations: opts.confirmations, ...(opts.startBlock === undefined ? {} : { startBlock: opts.startBlock }) });
      const cards = await refreshAgentCards({ db, chainId, registry, fetchDocument: opts.fetchDocument ?? ((uri) => fetchBounded(uri)), verify, now: opts.clock() });
      return { events, ...cards };
    },
    // The API's reads may go to a read replica (db/readReplica.ts); sync writes to db.
    agents: (skills: readonly string[]) => listAgents(opts.readDb ?? db, registry, skills),
    agent: (agentId: bigint) => getAgent(opts.readDb ?? db, registry, agentId),
  };
}

export type RegistryMirror = ReturnType<typeof createRegistryMirror>;

/** The indexer methods over an optional mirror: without a registry the list is empty and ids unknown. */
export function registryApi(mirror: RegistryMirror | null) {
  return {
    /** Ingests registry events and checks due cards; a no-op without a registry. */
    syncRegistry: async () => (mirror ? mirror.sync() : { events: 0, checked: 0, rejected: 0 }),
    async agents(skills: readonly string[]): Promise<AgentListResponse> {
      return { registry: mirror?.registry ?? null, skills: [...skills], agents: mirror ? await mirror.agents(skills) : [] };
    },
    async agent(agentId: bigint): Promise<RegisteredAgentResponse> {
      const found = mirror ? await mirror.agent(agentId) : null;
      if (!found) throw new NotFoundError("agent", agentId.toString());
      return found;
    },
  };
}
