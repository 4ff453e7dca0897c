import type { MarketRow, MarketStep } from "../../../agents/dashboard/model/marketRows.js";
import { chainStatusName, isSettled } from "../../../agents/dashboard/model/tasks.js";
import type { Snapshot } from "../data/snapshot.js";
import { AgentName } from "../ui/Agent.js";
import { amount, chainTime, short } from "../ui/format.js";

const LABEL: Record<MarketRow["status"] | Exclude<MarketStep["status"], "bids-received">, string> = {
  announced: "announced",
  bidding: "bidding",
  awarding: "awarded, funding",
  unawarded: "not awarded",
  funded: "funded",
  submitted: "submitted",
  disputed: "disputed",
  released: "released",
  "auto-released": "auto-released",
  ruled: "ruled",
  "fallback-settled": "fallback split",
  refunded: "refunded",
  declined: "declined",
  cancelled: "cancelled",
  "cancel-requested": "cancel requested",
};

const stepLabel = (s: MarketStep) => (s.status === "bids-received" ? `${s.count} bid${s.count === 1 ? "" : "s"} received` : LABEL[s.status]);
/** The escrow's name for the status (ITaskEscrow.Status), "None" before funding, as `getTask` reads it. */
const chainStatus = (r: MarketRow) => (r.funded ? chainStatusName(r.funded.status) : "None");

/** Tasks from their announcement (the manager's list) and the escrow's events, and where the money is, per token. */
export function Market({ snap }: { snap: Snapshot }) {
  const funded = snap.tasks.length;
  const open = snap.tasks.filter((t) => !isSettled(t.status)).length;
  const bidding = snap.rows.filter((r) => r.status === "bidding").length;
  return (
    <section aria-labelledby="market-h">
      <h2 id="market-h">Market</h2>
      <p class="lede" data-head={snap.head.toString()}>
        {snap.rows.length} tasks: {bidding} bidding, {funded} funded ({open} open, {funded - open} settled); as of block {snap.head.toString()} ({chainTime(snap.headTime)}).
        {snap.announced.ok ? null : <span class="warn" data-announced-error> Announcements unknown ({snap.announced.reason}): tasks are listed from their funding on.</span>}
      </p>
      <h3>Money, per token</h3>
      <table class="money">
        <thead>
          <tr><th scope="col">token</th><th scope="col">locked now</th><th scope="col">paid to workers</th><th scope="col">refunded to clients</th><th scope="col">fees</th></tr>
        </thead>
        <tbody>
          {snap.money.map((m) => (
            <tr key={m.token}>
              <th scope="row">{snap.tokens.get(m.token.toLowerCase())?.symbol ?? short(m.token)} <code>{short(m.token)}</code></th>
              <td data-money="locked">{amount(m.locked, m.token, snap.tokens)}</td>
              <td data-money="paid">{amount(m.paid, m.token, snap.tokens)}</td>
              <td data-money="refunded">{amount(m.refunded, m.token, snap.tokens)}</td>
              <td data-money="fees">{amount(m.fees, m.token, snap.tokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Tasks</h3>
      <div class="scroll" tabIndex={0} role="region" aria-label="tasks table">
        <table class="tasks">
          <thead>
            <tr><th scope="col">task</th><th scope="col">status</th><th scope="col">path so far</th><th scope="col">amount</th><th scope="col">client</th><th scope="col">worker</th><th scope="col">deadlines</th></tr>
          </thead>
          <tbody>
            {[...snap.rows].reverse().map((r) => {
              const t = r.funded;
              return (
                <tr key={`${r.client}:${r.taskId}`} data-task={r.taskId} data-status={chainStatus(r)} data-phase={r.status}>
                  <th scope="row">
                    <code title={r.taskId}>{short(r.taskId)}</code>
                    {r.announced ? <span class="skills-needed">{r.announced.requiredSkills.join(", ")}</span> : null}
                  </th>
                  <td><span class={`status status-${r.status}`}>{LABEL[r.status]}</span></td>
                  <td class="path" data-path>{r.path.map(stepLabel).join(" → ")}</td>
                  <td class="num">{t ? amount(t.amount, t.token, snap.tokens) : <span class="muted">not funded</span>}</td>
                  <td><AgentName address={r.client} agents={snap.agents} /></td>
                  <td>{t ? <AgentName address={t.worker} agents={snap.agents} /> : <span class="muted">none yet</span>}</td>
                  <td class="deadlines">
                    {r.announced?.announcedAt ? <>announced {chainTime(r.announced.announcedAt)}<br /></> : null}
                    work by {chainTime(r.deadline)}
                    {t?.reviewDeadline ? <><br />review by {chainTime(t.reviewDeadline)}</> : null}
                    {t?.rulingDeadline ? <><br />ruling by {chainTime(t.rulingDeadline)}</> : null}
                    {t?.settledAt ? <><br />settled {chainTime(t.settledAt)}</> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
