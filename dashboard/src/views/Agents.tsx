import type { AgentRow } from "../../../agents/dashboard/model/agents.js";
import type { Snapshot } from "../data/snapshot.js";
import { AgentName } from "../ui/Agent.js";
import { ProofBadge } from "../ui/Badge.js";
import { amount, chainTime, pct, short } from "../ui/format.js";

function Reviews({ agent, snap }: { agent: AgentRow; snap: Snapshot }) {
  const rep = snap.reputations.get(agent.address.toLowerCase());
  if (!rep) return null;
  if (rep.error) return <p class="error">indexer: {rep.error}</p>;
  if (rep.reviews.length === 0) return <p class="muted">No anchored reviews about this agent yet.</p>;
  const proven = rep.reviews.filter((r) => r.badge.state === "proven").length;
  return (
    <details>
      <summary>
        {rep.reviews.length} anchored review{rep.reviews.length === 1 ? "" : "s"}, {proven} proven in this page
      </summary>
      <table class="reviews">
        <thead>
          <tr><th scope="col">rating</th><th scope="col">by</th><th scope="col">task</th><th scope="col">epoch</th><th scope="col">signed</th><th scope="col">proof</th></tr>
        </thead>
        <tbody>
          {rep.reviews.map(({ response: r, badge }) => (
            <tr key={r.id} data-review={r.id}>
              <td aria-label={`${r.review.rating} of 5`}>{"★".repeat(r.review.rating)}{"☆".repeat(5 - r.review.rating)} {r.review.rating}/5</td>
              <td><AgentName address={r.review.reviewer} agents={snap.agents} /></td>
              <td><code title={r.review.taskId}>{short(r.review.taskId)}</code></td>
              <td>{r.epoch}</td>
              <td>{chainTime(Number(r.review.timestamp))}</td>
              <td><ProofBadge badge={badge} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Every agent the escrow (or the registry) knows, with its record and its reviews' proofs. */
export function Agents({ snap }: { snap: Snapshot }) {
  return (
    <section aria-labelledby="agents-h">
      <h2 id="agents-h">Agents</h2>
      <p class="lede">
        Agents from: {snap.agentSource}. A review is <strong>proven</strong> only after this page checked its Merkle proof against the root it read from
        ReputationAnchor {snap.config.anchor ? <code>{short(snap.config.anchor)}</code> : null} over JSON-RPC, not the indexer's word.
      </p>
      {snap.agents.map((a) => {
        const rep = snap.reputations.get(a.address.toLowerCase())?.reputation;
        const earned = snap.payToken ? a.earnings[snap.payToken] ?? 0n : 0n;
        return (
          <article class="agent-card" key={a.address} data-agent={a.address} aria-label={`agent ${a.name ?? a.agentId ?? a.address}`}>
            <h3>
              <AgentName address={a.address} agents={snap.agents} /> <span class="roles">{a.roles.join(", ")}</span>
            </h3>
            {a.skills?.length ? <p class="skills">skills: {a.skills.join(", ")}</p> : null}
            <dl class="stats">
              {a.roles.includes("worker") ? (
                <>
                  <div><dt>earned</dt><dd>{amount(earned, snap.payToken, snap.tokens)}</dd></div>
                  <div><dt>tasks as worker</dt><dd>{a.tasks} ({a.settled} settled)</dd></div>
                  <div><dt>success</dt><dd>{pct(a.successRate)}</dd></div>
                  <div><dt>disputes</dt><dd>{pct(a.disputeRate)}</dd></div>
                </>
              ) : null}
              {a.asClient ? <div><dt>tasks funded as client</dt><dd>{a.asClient}</dd></div> : null}
              <div><dt>reputation</dt><dd>{rep ? `${rep.score.toFixed(2)} (${rep.count} review${rep.count === 1 ? "" : "s"}${rep.mean !== null ? `, mean ${rep.mean.toFixed(2)}` : ""})` : "—"}</dd></div>
              {rep && (rep.signals.dominanceFlag || rep.signals.shiftFlag || rep.signals.mutualHireFlag) ? (
                <div><dt>signals</dt><dd class="warn">⚠ {[rep.signals.dominanceFlag && "one reviewer dominates", rep.signals.shiftFlag && "sudden shift", rep.signals.mutualHireFlag && "mutual hiring"].filter(Boolean).join(", ")}</dd></div>
              ) : null}
            </dl>
            <Reviews agent={a} snap={snap} />
          </article>
        );
      })}
    </section>
  );
}
