import { network } from "hardhat";
import { toHex, type Address, type Hex, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { serveChain } from "../../agents/dashboard/serveChain.js";
import { DEV_MNEMONIC, DEV_ROLES } from "../../agents/deploy/devAccounts.js";
import { runIndexerLoop, startIndexerServer } from "../../agents/indexer/index.js";
import { localAccounts } from "../../agents/wiring/localAccounts.js";
import { startLocalIndexer } from "../../agents/wiring/localIndexer.js";
import { deployLocalMarket } from "../../agents/deploy/deployLocalMarket.js";

const keyOf = (index: number): Hex => toHex(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!);

/**
 * A market an outside agent reaches only over HTTP, as it would a real one: a fresh in-process
 * chain served as JSON-RPC, MockUSDC, TaskEscrow (fee 1%) and an ERC-8004 IdentityRegistry, and the
 * reputation indexer (embedded PGlite, 60 s epochs, mirroring the registry) served on a free port
 * and ingesting continuously. The client (development
 * account 2) holds 1,000 tokens.
 */
export async function servedMarket() {
  const chain = await network.create();
  const { viem, provider } = chain;
  const accounts = await localAccounts(viem, 1);
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const deployment = await deployLocalMarket(chain, { epochSeconds: 60 });
  const token = await viem.getContractAt("MockUSDC", deployment.token.address);
  const escrow = deployment.escrow.address;
  await token.write.mint([accounts.manager.account!.address, 1_000_000_000n]);
  const registry = deployment.registry!.address;
  const local = await startLocalIndexer({ publicClient, anchorer: accounts.owner, deployment, registry: { address: registry } });
  const rpc = await serveChain(provider);
  // Every request first brings the indexer's clock to chain time, as a real indexer's wall clock is
  // never behind the chain's: a review signed at the latest block is never "in the future".
  const synced = async (req: Request) => (await local.syncClock(), local.indexer.app.fetch(req));
  const server = await startIndexerServer({ app: { fetch: synced } } as unknown as Parameters<typeof startIndexerServer>[0], { port: 0 });
  const loop = runIndexerLoop(
    {
      ingestOnce: async () => (await local.syncClock(), local.indexer.ingestOnce()),
      syncRegistry: () => local.indexer.syncRegistry(),
      closeDueEpochs: () => local.indexer.closeDueEpochs(),
    },
    { intervalMs: 200 },
  );
  return {
    viem,
    provider,
    publicClient,
    token,
    escrow,
    registry,
    anchor: local.anchorAddress,
    indexer: local.indexer,
    rpcUrl: rpc.url,
    indexerUrl: server.url,
    keys: { client: keyOf(DEV_ROLES.manager), worker: keyOf(DEV_ROLES.firstWorker) },
    addresses: { client: accounts.manager.account!.address, worker: accounts.workers[0]!.account!.address, arbiter: accounts.arbiter.account!.address, feeRecipient: accounts.feeRecipient.account!.address },
    /** Moves chain time past the current epoch and anchors every closed one. */
    async anchorEpochs(): Promise<void> {
      await provider.request({ method: "evm_increaseTime", params: [120] });
      await provider.request({ method: "evm_mine", params: [] });
      await local.syncClock();
      await local.indexer.ingestOnce();
      await local.indexer.closeDueEpochs();
    },
    async close(): Promise<void> {
      await loop.stop();
      await server.close();
      await rpc.close();
      await local.close();
    },
  };
}
