import { useEffect, useState } from "preact/hooks";
import type { DashboardConfig } from "../../agents/dashboard/config.js";
import { MarketData, type Snapshot } from "./data/snapshot.js";
import { short } from "./ui/format.js";
import { Agents } from "./views/Agents.js";
import { Epochs } from "./views/Epochs.js";
import { Market } from "./views/Market.js";
import { Metrics } from "./views/Metrics.js";

const VIEWS = [
  ["market", "Market"],
  ["agents", "Agents"],
  ["epochs", "Epochs"],
  ["metrics", "Metrics"],
] as const;
type View = (typeof VIEWS)[number][0];
const POLL_MS = 3_000;

const viewOf = (hash: string): View => (VIEWS.find(([id]) => `#${id}` === hash)?.[0] ?? "market");

/** The page: a header with the last update, four views behind plain links, polling every 3 s. */
export function App({ config }: { config: DashboardConfig }) {
  const [view, setView] = useState<View>(viewOf(location.hash));
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setView(viewOf(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    const data = new MarketData(config);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const s = await data.refresh();
        if (!stopped) (setSnap(s), setError(null));
      } catch (err) {
        if (!stopped) setError(err instanceof Error ? err.message.split("\n")[0]! : String(err));
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => ((stopped = true), clearTimeout(timer));
  }, [config]);

  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <div class="brand">
          <h1>agent-market</h1>
          <p>
            chain {config.chainId} · escrow <code title={config.escrow}>{short(config.escrow)}</code>
            {config.anchor ? <> · anchor <code title={config.anchor}>{short(config.anchor)}</code></> : null}
          </p>
        </div>
        <p class="updated" aria-live="polite" data-updated={snap ? snap.updatedAt.toISOString() : ""}>
          {snap ? `Last updated ${snap.updatedAt.toLocaleTimeString()} (every ${POLL_MS / 1000} s)` : "Loading…"}
          {error ? <span class="error" role="alert"> · refresh failed: {error}</span> : null}
        </p>
        <nav aria-label="views">
          {VIEWS.map(([id, label]) => (
            <a key={id} href={`#${id}`} aria-current={view === id ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {!snap ? (
          <p>{error ? `Cannot load the market: ${error}` : "Reading the chain…"}</p>
        ) : view === "market" ? (
          <Market snap={snap} />
        ) : view === "agents" ? (
          <Agents snap={snap} />
        ) : view === "epochs" ? (
          <Epochs snap={snap} />
        ) : (
          <Metrics snap={snap} />
        )}
      </main>
    </>
  );
}
