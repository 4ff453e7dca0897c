import type { AgentRow } from "../../../agents/dashboard/model/agents.js";
import { short } from "./format.js";

/** An agent's card name and registry id if it has them, else its short address; the full address on hover and for screen readers. */
export function AgentName({ address, agents }: { address: string; agents: AgentRow[] }) {
  const a = agents.find((x) => x.address.toLowerCase() === address.toLowerCase());
  return (
    <span class="agent" title={address}>
      {a?.name ? <strong>{a.name} </strong> : null}
      {a?.agentId ? <span class="agent-id">#{a.agentId} </span> : null}
      <code aria-label={address}>{short(address)}</code>
    </span>
  );
}
