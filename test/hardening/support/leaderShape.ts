import { numberToHex, parseEther, type Hex } from "viem";
import { reputationAnchorAbi } from "../../../agents/chain/reputationAnchorAbi.js";
import { taskEscrowAbi } from "../../../agents/chain/taskEscrowAbi.js";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { ESCROW_TASK_EVENTS } from "../../../agents/protocol/taskLifecycle.js";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { dropPostgresSchema } from "../../../agents/indexer/db/postgres.js";
import { indexerChain } from "../../indexer/fixtures.js";
import { freePort, startIndexerProcess, type IndexerProcess } from "./indexerProcess.js";
import { serveRpc } from "./serveRpc.js";

/**
 * The production shape of the leader scenarios: a chain with a ReputationAnchor whose clock
 * follows the wall clock, served over HTTP, and `indexer api` / `indexer worker` child
 * processes on one fresh PostgreSQL schema. `close` kills every process and drops the schema.
 *
 * @example
 * const shape = await leaderShape(url, 3);
 * const leader = await shape.start(["worker"], /indexer worker: leader/);
 */
export async function leaderShape(databaseUrl: string, epochSeconds: number) {
  const chain = await indexerChain();
  const key = generatePrivateKey();
  const anchorer = privateKeyToAccount(key).address;
  await chain.connection.provider.request({ method: "hardhat_setBalance", params: [anchorer, numberToHex(parseEther("10"))] });
  const anchor = await chain.viem.deployContract("ReputationAnchor", [chain.a(chain.owner), anchorer, BigInt(epochSeconds)]);
  const rpc = await serveRpc(chain.connection.provider);
  const schema = `leader_${process.pid}_${Date.now()}`;
  const env = {
    RPC_URL: rpc.url, ESCROW_ADDRESS: chain.escrowAddr, ANCHOR_ADDRESS: anchor.address, PRIVATE_KEY: key,
    DATABASE_URL: databaseUrl, DB_SCHEMA: schema, EPOCH_SECONDS: String(epochSeconds), CONFIRMATIONS: "0", POLL_MS: "200", RATE_LIMIT_PER_SECOND: "0",
  };
  // Chain time follows the wall clock (see anchorKill.ts): the anchor refuses epochs not yet started on chain.
  const time = chain.connection.networkHelpers.time;
  let mining = false;
  const blocks = setInterval(() => {
    if (mining) return;
    mining = true;
    void time.increaseTo(Math.max(0, Math.floor(Date.now() / 1000))).catch(() => {}).finally(() => (mining = false));
  }, 1_000);
  const procs: IndexerProcess[] = [];
  let closed = false;
  return {
    chain,
    anchor,
    schema,
    async start(args: string[], readyLine?: RegExp): Promise<IndexerProcess> {
      if (closed) throw new Error("leaderShape is closed: no new indexer process");
      const p = await startIndexerProcess({ ...env, PORT: String(await freePort()) }, { args, ...(readyLine ? { readyLine } : {}), readyTimeoutMs: 90_000 });
      procs.push(p);
      // A start that was under way when the shape closed: its process goes too.
      if (closed) {
        await p.kill("SIGKILL");
        throw new Error("leaderShape closed while an indexer process started");
      }
      return p;
    },
    /** Waits until every epoch in `epochs` is anchored, as the API reports it. */
    async anchored(url: string, epochs: readonly string[], timeoutMs = 60_000): Promise<void> {
      const end = Date.now() + timeoutMs;
      for (const e of epochs)
        while ((await fetch(`${url}/epochs/${e}`).then((r) => r.json(), () => ({})) as { status?: string }).status !== "anchored") {
          if (Date.now() > end) throw new Error(`epoch ${e} not anchored in time`);
          await new Promise((r) => setTimeout(r, 200));
        }
    },
    /**
     * Escrow task events on chain missing from the database and rows beyond one per event; anchors
     * beyond one per epoch, and each anchored epoch's root as the chain holds it.
     */
    async consistency(): Promise<{ lost: number; duplicated: number; doubleAnchors: number; anchoredEpochs: number; roots: Map<string, Hex> }> {
      // The task events the indexer stores (ownership and config events are not task history).
      const onChain = (await chain.publicClient.getContractEvents({ address: chain.escrowAddr, abi: taskEscrowAbi, fromBlock: 0n })).filter((l) =>
        (ESCROW_TASK_EVENTS as readonly string[]).includes(l.eventName),
      );
      const anchors = await chain.publicClient.getContractEvents({ address: anchor.address, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: 0n });
      const db = await openDb({ databaseUrl, schema });
      try {
        const rows = await db.query<{ tx_hash: Hex; log_index: number }>("SELECT tx_hash, log_index FROM escrow_events");
        const stored = new Set(rows.map((r) => `${r.tx_hash.toLowerCase()}:${r.log_index}`));
        const roots = new Map(anchors.map((r) => [String(r.args.epoch), r.args.root as Hex]));
        return {
          lost: onChain.filter((l) => !stored.has(`${l.transactionHash.toLowerCase()}:${l.logIndex}`)).length,
          duplicated: rows.length - stored.size,
          doubleAnchors: anchors.length - roots.size,
          anchoredEpochs: roots.size,
          roots,
        };
      } finally {
        await db.close();
      }
    },
    /** Every process it started is SIGKILLed (and awaited) before the RPC and the schema go, whatever failed. */
    async close(): Promise<void> {
      closed = true;
      clearInterval(blocks);
      await Promise.allSettled(procs.map((p) => p.kill("SIGKILL")));
      await rpc.close().catch(() => {});
      await dropPostgresSchema(databaseUrl, schema).catch(() => {});
    },
  };
}
