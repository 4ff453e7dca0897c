import { numberToHex, parseEther, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { reputationAnchorAbi } from "../../../agents/chain/reputationAnchorAbi.js";
import { taskEscrowAbi } from "../../../agents/chain/taskEscrowAbi.js";
import { dropPostgresSchema } from "../../../agents/indexer/db/postgres.js";
import { openDb } from "../../../agents/indexer/db/openDb.js";
import { SignedReview } from "../../../agents/protocol/review.js";
import { ESCROW_TASK_EVENTS } from "../../../agents/protocol/taskLifecycle.js";
import { indexerChain } from "../../indexer/fixtures.js";
import { waitIngested } from "./indexerKill.js";
import { freePort, startIndexerProcess, type IndexerProcess } from "./indexerProcess.js";
import { serveRpc } from "./serveRpc.js";
import { settledReviews } from "./settledTasks.js";

export interface LeaderKillSummary {
  /** Seconds from SIGKILL of the leader to the standby saying it leads. */
  takeoverSeconds: number;
  /** Escrow events on chain that the database lacks, and rows beyond one per event. */
  lost: number;
  duplicated: number;
  /** RootAnchored events beyond one per epoch, and epochs anchored in all. */
  doubleAnchors: number;
  anchoredEpochs: number;
}

/**
 * `indexer api` plus two `indexer worker` processes on one PostgreSQL schema: the first worker
 * leads (ingests, closes and anchors an epoch), is SIGKILLed, and the standby must take over,
 * ingest what happened meanwhile and anchor the next epoch, each event and each anchor once.
 */
export async function runLeaderKill(databaseUrl: string): Promise<LeaderKillSummary> {
  const chain = await indexerChain();
  const key = generatePrivateKey();
  const anchorer = privateKeyToAccount(key).address;
  await chain.connection.provider.request({ method: "hardhat_setBalance", params: [anchorer, numberToHex(parseEther("10"))] });
  const epochSeconds = 3;
  const anchor = await chain.viem.deployContract("ReputationAnchor", [chain.a(chain.owner), anchorer, BigInt(epochSeconds)]);
  const first = await settledReviews(chain, 2);
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
  const start = async (args: string[], readyLine?: RegExp) => {
    const p = await startIndexerProcess({ ...env, PORT: String(await freePort()) }, { args, ...(readyLine ? { readyLine } : {}), readyTimeoutMs: 90_000 });
    procs.push(p);
    return p;
  };
  const post = async (url: string, reviews: SignedReview[]) => {
    const epochs = new Set<string>();
    for (const r of reviews) {
      const res = await fetch(`${url}/reviews`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(SignedReview.encode(r)) });
      const body = (await res.json()) as { epoch?: string };
      if (res.status !== 201) throw new Error(`review refused: ${JSON.stringify(body)}`);
      epochs.add(body.epoch!);
    }
    return [...epochs];
  };
  const anchored = async (url: string, epochs: string[]) => {
    const end = Date.now() + 60_000;
    for (const e of epochs)
      while ((await fetch(`${url}/epochs/${e}`).then((r) => r.json(), () => ({})) as { status?: string }).status !== "anchored") {
        if (Date.now() > end) throw new Error(`epoch ${e} not anchored in time`);
        await new Promise((r) => setTimeout(r, 200));
      }
  };
  try {
    const leader = await start(["worker"], /indexer worker: leader/);
    const standby = await start(["worker"], /indexer worker: standby/);
    const api = await start(["api"]);
    await waitIngested(api.url, await chain.publicClient.getBlockNumber());
    await anchored(api.url, await post(api.url, first.reviews));

    await leader.kill("SIGKILL");
    const killedAt = Date.now();
    const second = await settledReviews(chain, 2); // events while nobody leads, or right after the takeover
    const end = Date.now() + 30_000;
    while (!/indexer worker: leader/.test(standby.output()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const takeoverSeconds = /indexer worker: leader/.test(standby.output()) ? (Date.now() - killedAt) / 1000 : Infinity;
    await waitIngested(api.url, await chain.publicClient.getBlockNumber());
    await anchored(api.url, await post(api.url, second.reviews));
    await new Promise((r) => setTimeout(r, 1_000)); // room for a would-be second anchor

    // The task events the indexer stores (ownership and config events are not task history).
    const onChain = (await chain.publicClient.getContractEvents({ address: chain.escrowAddr, abi: taskEscrowAbi, fromBlock: 0n })).filter((l) =>
      (ESCROW_TASK_EVENTS as readonly string[]).includes(l.eventName),
    );
    const roots = await chain.publicClient.getContractEvents({ address: anchor.address, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: 0n });
    const db = await openDb({ databaseUrl, schema });
    try {
      const rows = await db.query<{ tx_hash: Hex; log_index: number }>("SELECT tx_hash, log_index FROM escrow_events");
      const stored = new Set(rows.map((r) => `${r.tx_hash.toLowerCase()}:${r.log_index}`));
      const epochs = new Set(roots.map((r) => String(r.args.epoch)));
      return {
        takeoverSeconds,
        lost: onChain.filter((l) => !stored.has(`${l.transactionHash.toLowerCase()}:${l.logIndex}`)).length,
        duplicated: rows.length - stored.size,
        doubleAnchors: roots.length - epochs.size,
        anchoredEpochs: epochs.size,
      };
    } finally {
      await db.close();
    }
  } finally {
    clearInterval(blocks);
    for (const p of procs) await p.kill("SIGKILL");
    await rpc.close();
    await dropPostgresSchema(databaseUrl, schema).catch(() => {});
  }
}
