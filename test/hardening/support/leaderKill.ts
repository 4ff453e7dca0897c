import { SignedReview } from "../../../agents/protocol/review.js";
import { waitIngested } from "./indexerKill.js";
import { leaderShape } from "./leaderShape.js";
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
  const shape = await leaderShape(databaseUrl, 3);
  const { chain, start, anchored } = shape;
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
  try {
    const first = await settledReviews(chain, 2);
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

    const { lost, duplicated, doubleAnchors, anchoredEpochs } = await shape.consistency();
    return { takeoverSeconds, lost, duplicated, doubleAnchors, anchoredEpochs };
  } finally {
    await shape.close();
  }
}
