import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { reputationAnchorAbi } from "../../../agents/chain/reputationAnchorAbi.js";
import { canonicalOrder } from "../../../agents/indexer/dataset.js";
import { buildReviewTree, reviewLeafHash } from "../../../agents/indexer/merkle/index.js";
import { SignedReview } from "../../../agents/protocol/review.js";
import { indexerChain } from "../../indexer/fixtures.js";
import { waitIngested } from "./indexerKill.js";
import { freePort, startIndexerProcess, type IndexerProcess } from "./indexerProcess.js";
import { serveRpc } from "./serveRpc.js";
import { releasedLeaf, settledReviews } from "./settledTasks.js";

export interface AnchorKillSummary {
  /** Times the process died between broadcasting the anchor and recording it. */
  kills: number;
  /** RootAnchored events beyond one for the epoch. */
  doubleAnchors: number;
  /** The one root on-chain is the root of the reviews sent, and so is the root the restarted indexer recorded (if it did). */
  rootMatches: boolean;
  /** The restarted indexer reported the epoch anchored within its 60 s wait (false: a timeout, not a wrong root). */
  anchoredInTime: boolean;
}

/**
 * Runs the indexer as a child process with `INDEXER_FAULT=kill-after-anchor-send`: it closes a
 * short epoch, broadcasts the anchoring transaction and SIGKILLs itself before recording it.
 * Restarted without the fault on the same data directory, it must find its root on-chain and
 * record it, not anchor again or anchor a different root.
 *
 * @example
 * const s = await runAnchorKill(); // s.doubleAnchors === 0
 */
export async function runAnchorKill(): Promise<AnchorKillSummary> {
  const chain = await indexerChain();
  const key = generatePrivateKey();
  const anchorer = privateKeyToAccount(key).address;
  await chain.connection.provider.request({ method: "hardhat_setBalance", params: [anchorer, numberToHex(parseEther("10"))] });
  const epochSeconds = 3;
  const anchor = await chain.viem.deployContract("ReputationAnchor", [chain.a(chain.owner), anchorer, BigInt(epochSeconds)]);
  const { reviews } = await settledReviews(chain, 2);
  const rpc = await serveRpc(chain.connection.provider);
  const dataDir = await mkdtemp(join(tmpdir(), "anchor-kill-"));
  const env = {
    RPC_URL: rpc.url,
    ESCROW_ADDRESS: chain.escrowAddr,
    ANCHOR_ADDRESS: anchor.address,
    PRIVATE_KEY: key,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EPOCH_SECONDS: String(epochSeconds),
    CONFIRMATIONS: "0",
    POLL_MS: "200",
    RATE_LIMIT_PER_SECOND: "0",
  };
  const summary: AnchorKillSummary = { kills: 0, doubleAnchors: 0, rootMatches: false, anchoredInTime: false };
  let proc: IndexerProcess | undefined;
  // A live chain makes a block every few seconds at about wall-clock time, and the child
  // indexer closes epochs by the wall clock. An idle in-process chain answers eth_estimateGas
  // at its last block's time (and late in a long suite its clock lags the wall clock by
  // minutes), while the anchor refuses an epoch that has not started by the chain's clock: so
  // this chain mines a block at wall-clock time every second.
  const time = chain.connection.networkHelpers.time;
  let mining = false;
  const tick = async () => {
    if (mining) return;
    mining = true;
    try {
      await time.increaseTo(Math.max((await time.latest()) + 1, Math.floor(Date.now() / 1000)));
    } finally {
      mining = false;
    }
  };
  const blocks = setInterval(() => void tick().catch(() => {}), 1_000);
  try {
    proc = await startIndexerProcess({ ...env, INDEXER_FAULT: "kill-after-anchor-send" });
    await waitIngested(proc.url, await chain.publicClient.getBlockNumber());
    // Epochs are 3 s: on a loaded machine the two reviews can land in two epochs. The first
    // review's epoch is the one checked, and its root is the root of the reviews it holds.
    const epochOf: (string | undefined)[] = [];
    for (const r of reviews) {
      const res = await fetch(`${proc.url}/reviews`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(SignedReview.encode(r)) });
      const body = (await res.json()) as { epoch?: string };
      if (res.status !== 201) throw new Error(`review refused: ${JSON.stringify(body)}`);
      epochOf.push(body.epoch);
    }
    const epoch = epochOf[0];
    // The epoch ends within seconds; the loop closes it, sends the anchor and dies.
    const died = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 60_000))]);
    if (died !== "SIGKILL") throw new Error(`expected the indexer to kill itself after sending, got ${died}:\n${proc.output()}`);
    summary.kills += 1;

    proc = await startIndexerProcess(env);
    const end = Date.now() + 60_000;
    let record: { status?: string; root?: string } = {};
    while (Date.now() < end && record.status !== "anchored") {
      record = (await fetch(`${proc.url}/epochs/${epoch}`).then((r) => r.json(), () => ({}))) as typeof record;
      if (record.status !== "anchored") await new Promise((r) => setTimeout(r, 200));
    }
    // Give a would-be second anchor time to happen before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    const events = await chain.publicClient.getContractEvents({ address: anchor.address, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: 0n, args: { epoch: BigInt(epoch!) } });
    summary.doubleAnchors = Math.max(0, events.length - 1);
    const inEpoch = reviews.filter((_, i) => epochOf[i] === epoch);
    const reference = await buildReviewTree(canonicalOrder(inEpoch.map((r) => releasedLeaf(chain, r)).map((f) => ({ ...f, id: reviewLeafHash(f) }))));
    summary.anchoredInTime = record.status === "anchored";
    summary.rootMatches = events.length === 1 && events[0]!.args.root === reference.root && (!summary.anchoredInTime || record.root === reference.root);
    return summary;
  } finally {
    clearInterval(blocks);
    await proc?.kill("SIGKILL");
    await rpc.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
