import { formatUnits } from "viem";
import type { DemoOutcome } from "./metrics.js";
import type { DemoSummary } from "./summary.js";

const LABELS: Record<DemoOutcome | "unawarded", string> = {
  released: "released",
  "auto-released": "auto-released",
  ruled: "dispute, arbiter ruled",
  "fallback-settled": "dispute, fallback split",
  refunded: "timeout refund",
  declined: "declined",
  unawarded: "not awarded",
};

/** The human-readable end-of-demo summary. */
export function renderSummary(s: DemoSummary): string {
  const tokens = (v: string) => formatUnits(BigInt(v), s.amounts.decimals);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push("", `Tasks (${s.tasks.total}), by outcome, as the escrow's events record them:`);
  for (const [k, label] of Object.entries(LABELS)) {
    const n = (s.tasks as Record<string, number>)[k] ?? 0;
    const gas = s.gasPerPath[k as keyof DemoSummary["gasPerPath"]];
    lines.push(`  ${label.padEnd(24)} ${String(n).padStart(4)}${gas ? `   gas per task ${gas.toLocaleString("en-US")}` : ""}`);
  }
  const capped = s.verdicts.filter((v) => v.failed.length > 0).length;
  lines.push("", `Verdicts (${s.verdicts.length}): ${s.verdicts.length - capped} passed every machine check, ${capped} failed one and were capped at 0.49 or below`);
  lines.push("", `Money (demo token): paid to workers ${tokens(s.amounts.paid)}, refunded to the client ${tokens(s.amounts.refunded)}, fees ${tokens(s.amounts.fees)}`);
  lines.push("", "Workers         score  calibration  success  earnings");
  for (const w of s.workers) {
    lines.push(`  ${`${w.name} #${w.agentId}`.padEnd(12)} ${w.score.toFixed(2).padStart(6)}  ${w.calibration.toFixed(3).padStart(11)}  ${pct(w.successRate).padStart(7)}  ${tokens(w.earnings).padStart(8)}`);
  }
  lines.push("", `Identities (ERC-8004 IdentityRegistry ${s.contracts.registry}): ${s.registry.map((r) => `${r.name} #${r.agentId}`).join(", ")}`);
  const m = s.metrics;
  lines.push("", `Swarm: success ${pct(m.successRate)}, disputes ${pct(m.disputeRate)}, Gini of earnings ${m.giniEarnings.toFixed(3)}, coordination overhead ${pct(m.coordinationOverhead)} of agent time`);
  lines.push("", "Anchored epochs (ReputationAnchor):");
  for (const e of s.epochs) lines.push(`  epoch ${e.epoch}: ${e.leafCount} reviews, root ${e.root}`);
  const p = s.proofCheck;
  lines.push("", `Proof of review ${p.review}: TypeScript ${p.offchain ? "ok" : "FAILED"}, on-chain verifyReview ${p.onchain ? "ok" : "FAILED"}, task facts against the escrow's events ${p.facts ? "ok" : "FAILED"}`);
  lines.push(`LLM: ${s.llm}. Wall time ${(s.wallMs / 1000).toFixed(1)} s.`);
  return lines.join("\n");
}
