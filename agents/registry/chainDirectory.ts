import { zeroAddress, type Address, type PublicClient } from "viem";
import { readAgent } from "../chain/identityRegistry.js";
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
 * demo, the tests): every `Registered` agent's current URI and wallet are read on each call, and
 * its registration file and card fetched and checked against that wallet once per (URI, wallet).
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

  return {
    async capable(skills) {
      const head = await o.publicClient.getBlockNumber();
      if (head >= scanned) {
        const logs = await o.publicClient.getContractEvents({ address: o.registry, abi: identityRegistryAbi, eventName: "Registered", fromBlock: scanned, toBlock: head, strict: true });
        for (const log of logs) ids.push(log.args.agentId);
        scanned = head + 1n;
      }
      const found = await Promise.all(
        ids.map(async (id) => {
          const a = await readAgent(o.publicClient, o.registry, id).catch(() => null);
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
