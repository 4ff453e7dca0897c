import { CHAIN_STATUS_NAME, isSettled, type PathStep } from "../../../agents/dashboard/model/tasks.js";
import type { Snapshot } from "../data/snapshot.js";
import { AgentName } from "../ui/Agent.js";
import { amount, chainTime, short } from "../ui/format.js";

const LABEL: Record<PathStep["status"], string> = {
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

/** Tasks as the escrow's events tell them, and where the money is, per token. */
export function Market({ snap }: { snap: Snapshot }) {
  const open = snap.tasks.filter((t) => !isSettled(t.status)).length;
  return (
    <section aria-labelledby="market-h">
      <h2 id="market-h">Market</h2>
      <p class="lede" data-head={snap.head.toString()}>
        {snap.tasks.length} funded tasks, {open} open, {snap.tasks.length - open} settled; as of block {snap.head.toString()} ({chainTime(snap.headTime)}).
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
            {[...snap.tasks].reverse().map((t) => (
              <tr key={t.taskId} data-task={t.taskId} data-status={CHAIN_STATUS_NAME[t.status]}>
                <th scope="row"><code title={t.taskId}>{short(t.taskId)}</code></th>
                <td><span class={`status status-${t.status}`}>{LABEL[t.status]}</span></td>
                <td class="path">{t.path.map((p) => LABEL[p.status]).join(" → ")}</td>
                <td class="num">{amount(t.amount, t.token, snap.tokens)}</td>
                <td><AgentName address={t.client} agents={snap.agents} /></td>
                <td><AgentName address={t.worker} agents={snap.agents} /></td>
                <td class="deadlines">
                  work by {chainTime(t.deadline)}
                  {t.reviewDeadline ? <><br />review by {chainTime(t.reviewDeadline)}</> : null}
                  {t.rulingDeadline ? <><br />ruling by {chainTime(t.rulingDeadline)}</> : null}
                  {t.settledAt ? <><br />settled {chainTime(t.settledAt)}</> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
