import type { TaskStatus } from "../protocol/taskLifecycle.js";
import type { JuryCase } from "../runtime/juryPort.js";

/** What a juror agent sees of one case on a tick. */
export interface JurorView {
  /** The escrow status of the task the jury arbitrates. */
  escrowStatus: TaskStatus;
  case: JuryCase;
  /** The latest block's number and timestamp; the next transaction lands after both. */
  block: bigint;
  now: bigint;
  panelSize: number;
  quorum: number;
  /** Whether this juror sits on the panel, and what it has done so far. */
  onPanel: boolean;
  committed: boolean;
  revealed: boolean;
  /** The vote and salt this juror committed are still in its store (needed to reveal). */
  holdsVote: boolean;
}

export type JurorAction =
  | { kind: "wait"; reason: string }
  | { kind: "open" }
  | { kind: "draw" }
  | { kind: "commit" }
  | { kind: "reveal" }
  | { kind: "execute" }
  | { kind: "lapse" };

/**
 * The next step on one case, by the contract's rules (IJuryArbiter): anyone opens the case of a
 * disputed task, draws once the draw block is mined, executes once every juror revealed or after
 * the reveal window with a quorum, and lapses a case that can no longer be ruled; a panel juror
 * commits inside the commit window and reveals inside the reveal window. Windows are inclusive
 * of their last second; the next transaction's timestamp is at least `now + 1`.
 *
 * @example
 * decideJuror({ escrowStatus: "Disputed", case: { status: "None", ... }, ... }); // { kind: "open" }
 */
export function decideJuror(v: JurorView): JurorAction {
  const next = v.now + 1n;
  const c = v.case;
  switch (c.status) {
    case "None":
      return v.escrowStatus === "Disputed" ? { kind: "open" } : { kind: "wait", reason: `escrow ${v.escrowStatus}` };
    case "Opened":
      if (next > c.commitEnd) return { kind: "lapse" };
      return v.block >= c.drawBlock ? { kind: "draw" } : { kind: "wait", reason: "draw block not mined" };
    case "Drawn": {
      if (next > c.rulingEnd) return { kind: "lapse" };
      const everyone = c.reveals >= v.panelSize;
      if (everyone || (next > c.revealEnd && c.reveals >= v.quorum)) return { kind: "execute" };
      if (next > c.revealEnd) return { kind: "lapse" };
      if (!v.onPanel) return { kind: "wait", reason: "not on the panel" };
      if (next <= c.commitEnd) return v.committed ? { kind: "wait", reason: "committed; reveal window not open" } : { kind: "commit" };
      if (v.committed && !v.revealed && v.holdsVote) return { kind: "reveal" };
      return { kind: "wait", reason: v.revealed ? "revealed" : "nothing to reveal" };
    }
    case "Ruled":
    case "Lapsed":
      return { kind: "wait", reason: `case ${c.status}` };
    default: {
      const never: never = c.status;
      throw new Error(`unhandled case status ${String(never)}`);
    }
  }
}
