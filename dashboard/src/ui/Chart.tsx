import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface ChartProps {
  id: string;
  title: string;
  /** The latest figures in words: the chart's text equivalent. */
  caption: string;
  x: number[];
  series: { label: string; values: number[]; stroke: string; dash?: number[]; bars?: boolean; percent?: boolean }[];
  yRange?: [number, number];
}

/** A uPlot chart in a figure whose caption states the numbers (readable without the picture or colour). */
export function Chart(p: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fmt = (v: number, percent?: boolean) => (percent ? `${(v * 100).toFixed(0)}%` : `${v}`);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 220,
        // Chain time is shown in UTC, as everywhere on the page; the caption carries the figures.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        legend: { live: false },
        scales: { x: { time: true }, y: p.yRange ? { range: p.yRange } : {} },
        axes: [{}, { values: (_u, vals) => vals.map((v) => fmt(v, p.series[0]?.percent)) }],
        series: [
          { label: "chain time" },
          ...p.series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: 2,
            ...(s.dash ? { dash: s.dash } : {}),
            // Running figures change only at a settlement: steps, not slopes, between points.
            ...(s.bars
              ? { fill: `${s.stroke}55`, paths: uPlot.paths.bars!({ size: [0.8, 60] }), points: { show: false } }
              : { paths: uPlot.paths.stepped!({ align: 1 }) }),
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : fmt(s.percent ? Math.round(v * 1000) / 1000 : v, s.percent)),
          })),
        ],
      },
      [p.x, ...p.series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [p.x, p.series]);
  return (
    <figure class="chart" data-chart={p.id} data-points={p.x.length}>
      <figcaption>
        <strong>{p.title}</strong> <span data-caption>{p.caption}</span>
      </figcaption>
      <div ref={box} aria-hidden="true" />
    </figure>
  );
}
