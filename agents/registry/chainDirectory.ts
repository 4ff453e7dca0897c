import { zeroAddress, type Address, type PublicClient } from "viem";
import { readAgent, type RegisteredAgent } from "../chain/identityRegistry.js";
import { identityRegistryAbi } from "../chain/identityRegistryAbi.js";
import { verifyAgentCard } from "./cardSignature.js";
import { hasSkills, type AgentDirectory, type DirectoryEntry } from "./directory.js";
import { fetchDocument as fetchBounded } from "./fetchDocument.js";
import { a2aCardUri, parseRegistrationFile } from "./registrationFile.js";

export interface ChainDirectoryOptions {
  publicClient: PublicClient;
  registry: Address;
  /** Block the registry was deployed in: where the `Registered` scan starts. */
  fromBlock?: bigint;
  /** Reads a registration file or card by URI (default: agents/registry/fetchDocument.ts, bounded). */
  fetchDocument?: (uri: string) => Promise<unknown>;
}

/**
 * Discovery straight from the ERC-8004 registry, for a market without an indexer (the embedded
 * demo, the tests) and for each agent's A2A peers: each call scans the registry's events since the
 * last one (one `eth_getLogs`), reads the current owner, URI and wallet of the agents they name
 * (every change of those emits an event, so the others are as last read), and fetches and checks
 * each registration file and card against its wallet once per (URI, wallet).
 * An agent whose card does not check is left out, as the indexer's mirror leaves it out.
 *
 * @example const directory = chainDirectory({ publicClient, registry, fromBlock });
 */
export function chainDirectory(o: ChainDirectoryOptions): AgentDirectory {
  const fetchDocument = o.fetchDocument ?? ((uri: string) => fetchBounded(uri));
  const ids: bigint[] = [];
  let scanned = o.fromBlock ?? 0n;
  const checked = new Map<string, Promise<DirectoryEntry | null>>();
  let chainId: number | undefined;

  const check = async (agentId: bigint, agentURI: string, wallet: Address): Promise<DirectoryEntry | null> => {
    chainId ??= await o.publicClient.getChainId();
    try {
      const file = parseRegistrationFile(await fetchDocument(agentURI));
      const { cardHash: _hash, card: _card, ...listed } = await verifyAgentCard(await fetchDocument(a2aCardUri(file)), { chainId, registry: o.registry, agentId, wallet });
      return { ...listed, agentId: agentId.toString() };
    } catch {
      return null; // unreadable or unsigned card: not discoverable
    }
  };

  // What readAgent found per id; an id is read again only when a registry event names it.
  const current = new Map<bigint, RegisteredAgent | null>();
  const stale = new Set<bigint>();
  return {
    async capable(skills) {
      const head = await o.publicClient.getBlockNumber({ cacheTime: 0 }); // the real head: a card re-published a moment ago must be seen
      if (head >= scanned) {
        const logs = await o.publicClient.getContractEvents({ address: o.registry, abi: identityRegistryAbi, fromBlock: scanned, toBlock: head, strict: true });
        for (const log of logs) {
          const id = changedAgent(log as { eventName: string; args: Record<string, unknown> });
          if (log.eventName === "Registered") ids.push(id as bigint);
          if (id === "all") for (const known of ids) stale.add(known);
          else if (id !== undefined) stale.add(id);
        }
        scanned = head + 1n;
      }
      await Promise.all(
        ids
          .filter((id) => stale.has(id) || !current.has(id))
          .map(async (id) => {
            const a = await readAgent(o.publicClient, o.registry, id).catch(() => undefined);
            // A failed read is tried again at the next call.
            if (a === undefined) return void current.delete(id);
            current.set(id, a);
            stale.delete(id);
          }),
      );
      const found = await Promise.all(
        ids.map(async (id) => {
          const a = current.get(id);
          if (!a || !a.agentURI || a.wallet === zeroAddress) return null;
          const key = `${id}|${a.agentURI}|${a.wallet}`;
          if (!checked.has(key)) checked.set(key, check(id, a.agentURI, a.wallet));
          return checked.get(key)!;
        }),
      );
      return found.filter((e): e is DirectoryEntry => e !== null && hasSkills(e, skills));
    },
  };
}

/**
 * The agent whose owner, URI or wallet a registry event may have changed (every change of them
 * emits one: Registered, URIUpdated, MetadataSet of the wallet, Transfer, ERC-4906's
 * MetadataUpdate), "all" for a batch update, undefined for an event that changes none.
 */
function changedAgent(log: { eventName: string; args: Record<string, unknown> }): bigint | "all" | undefined {
  switch (log.eventName) {
    case "Registered":
    case "URIUpdated":
    case "MetadataSet":
      return log.args.agentId as bigint;
    case "Transfer":
      return log.args.tokenId as bigint;
    case "MetadataUpdate":
      return log.args._tokenId as bigint;
    case "BatchMetadataUpdate":
      return "all";
    default:
      return undefined;
  }
}
