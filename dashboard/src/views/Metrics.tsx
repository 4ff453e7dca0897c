import { useMemo } from "preact/hooks";
import { marketMetrics } from "../../../agents/dashboard/model/agents.js";
import { metricSeries } from "../../../agents/dashboard/model/series.js";
import type { Snapshot } from "../data/snapshot.js";
import { Chart } from "../ui/Chart.js";
import { pct } from "../ui/format.js";

/** Swarm metrics with the demo's definitions, over the chain's settled tasks, as charts over chain time. */
export function Metrics({ snap }: { snap: Snapshot }) {
  const workers = useMemo(() => snap.agents.filter((a) => a.roles.includes("worker")), [snap]);
  const m = marketMetrics(snap.tasks, workers, snap.payToken);
  const s = useMemo(() => metricSeries(snap.tasks, workers.map((w) => w.address), snap.payToken), [snap, workers]);
  const rates = useMemo(
    () => [
      { label: "success rate", values: s.successRate, stroke: "#1b7f3b", percent: true },
      { label: "dispute rate", values: s.disputeRate, stroke: "#b3261e", dash: [6, 4], percent: true },
    ],
    [s],
  );
  const giniSeries = useMemo(() => [{ label: "Gini of earnings", values: s.gini, stroke: "#5b3fa6" }], [s]);
  const throughput = useMemo(() => [{ label: "tasks settled", values: s.settledPerBucket, stroke: "#1f5fa8", bars: true }], [s]);
  const bucket = s.bucketSeconds >= 86_400 ? `${s.bucketSeconds / 86_400} d` : s.bucketSeconds >= 3_600 ? `${s.bucketSeconds / 3_600} h` : `${s.bucketSeconds / 60} min`;
  return (
    <section aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics</h2>
      <dl class="stats headline" data-metrics>
        <div><dt>success rate</dt><dd data-metric="successRate">{pct(m.successRate)}</dd></div>
        <div><dt>dispute rate</dt><dd data-metric="disputeRate">{pct(m.disputeRate)}</dd></div>
        <div><dt>Gini of earnings</dt><dd data-metric="gini">{m.giniEarnings.toFixed(3)}</dd></div>
        <div><dt>settled tasks</dt><dd data-metric="settled">{s.time.length}</dd></div>
      </dl>
      <p class="lede">
        Definitions as in the demo: success = released or auto-released, dispute = ruled or fallback split, over settled tasks; Gini over the earnings of the {workers.length} workers funded at least once,
        in the payment token. The x axis is chain time.
      </p>
      {s.time.length === 0 ? <p class="muted">No task has settled yet.</p> : (
        <div class="charts">
          <Chart id="rates" title="Success and dispute rate, running" caption={`now ${pct(s.successRate.at(-1))} success, ${pct(s.disputeRate.at(-1))} disputes after ${s.time.length} settlements`} x={s.time} series={rates} yRange={[0, 1]} />
          <Chart id="gini" title="Gini of earnings, running" caption={`now ${(s.gini.at(-1) ?? 0).toFixed(3)} (0: equal, 1: one worker earns all)`} x={s.time} series={giniSeries} yRange={[0, 1]} />
          <Chart id="throughput" title={`Throughput: tasks settled per ${bucket}`} caption={`${s.time.length} tasks in ${s.bucketStart.length} buckets, at most ${Math.max(...s.settledPerBucket)} in one`} x={s.bucketStart} series={throughput} />
        </div>
      )}
    </section>
  );
}
