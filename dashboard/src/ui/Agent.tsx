import type { AgentRow } from "../../../agents/dashboard/model/agents.js";
import { short } from "./format.js";

/** An agent's registry id if it has one, else its short address; the full address on hover and for screen readers. */
export function AgentName({ address, agents }: { address: string; agents: AgentRow[] }) {
  const a = agents.find((x) => x.address.toLowerCase() === address.toLowerCase());
  return (
    <span class="agent" title={address}>
      {a?.agentId ? <>{a.agentId} </> : null}
      <code aria-label={address}>{short(address)}</code>
    </span>
  );
}
