import { useState } from "preact/hooks";
import type { Snapshot } from "../data/snapshot.js";
import { recomputeEpoch, type Recompute } from "../data/dataset.js";
import { chainTime, short } from "../ui/format.js";
import { serverUrl } from "../data/config.js";
import type { EpochRow } from "../data/chain.js";

/** Epochs up to this many reviews can be downloaded and rebuilt in the page. */
export const RECOMPUTE_MAX_LEAVES = 5_000n;

function RecomputeButton({ epoch, base }: { epoch: EpochRow; base: string }) {
  const [result, setResult] = useState<Recompute | "running" | null>(null);
  if (epoch.leafCount > RECOMPUTE_MAX_LEAVES) return <span class="muted">too large to rebuild here</span>;
  return (
    <>
      <button type="button" disabled={result === "running"} onClick={() => (setResult("running"), void recomputeEpoch(base, epoch).then(setResult))}>
        Download dataset and recompute root
      </button>
      {result === "running" ? <span class="muted"> rebuilding…</span> : result ? (
        <span data-recompute={result.ok ? "match" : "mismatch"} class={`result ${result.ok ? "ok" : "error"}`} role="status">
          {result.ok ? "✓ root matches: " : "✗ does not match: "}{result.message}
        </span>
      ) : null}
    </>
  );
}

/** Anchored epochs as ReputationAnchor's events record them. */
export function Epochs({ snap }: { snap: Snapshot }) {
  const base = serverUrl(snap.config.indexerPath);
  return (
    <section aria-labelledby="epochs-h">
      <h2 id="epochs-h">Epochs</h2>
      <p class="lede">
        Each anchored epoch commits its reviews' Merkle root, their count and the hash of the published dataset. For a small epoch, the page can download
        the dataset from the indexer, check its hash and rebuild the root with @openzeppelin/merkle-tree.
      </p>
      {snap.epochs.length === 0 ? <p class="muted">No epoch anchored yet.</p> : null}
      <div class="scroll" tabIndex={0} role="region" aria-label="epochs table">
        <table class="epochs">
          <thead>
            <tr><th scope="col">epoch</th><th scope="col">reviews</th><th scope="col">root</th><th scope="col">dataset hash</th><th scope="col">anchored</th><th scope="col">check it yourself</th></tr>
          </thead>
          <tbody>
            {[...snap.epochs].reverse().map((e) => (
              <tr key={e.epoch.toString()} data-epoch={e.epoch.toString()}>
                <th scope="row">{e.epoch.toString()}</th>
                <td class="num">{e.leafCount.toString()}</td>
                <td><code title={e.root}>{short(e.root)}</code></td>
                <td><code title={e.datasetHash}>{short(e.datasetHash)}</code></td>
                <td>block {e.block.toString()}, {chainTime(e.time)}</td>
                <td><RecomputeButton epoch={e} base={base} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
