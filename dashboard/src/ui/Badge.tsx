import type { Badge } from "../../../agents/dashboard/model/proofBadge.js";

/** A review's proof badge: the word says it all (colour only repeats it). */
export function ProofBadge({ badge }: { badge: Badge }) {
  switch (badge.state) {
    case "checking":
      return <span class="badge badge-checking" data-badge="checking">… checking</span>;
    case "proven":
      return (
        <span class="badge badge-proven" data-badge="proven" title={`Checked in this page: ${badge.steps}-step proof leads to the root ${badge.root} read from ReputationAnchor`}>
          ✓ proven
        </span>
      );
    case "failed":
      return (
        <span class="badge-wrap">
          <span class="badge badge-failed" data-badge="failed">✗ failed</span> <span class="reason" data-reason>{badge.reason}</span>
        </span>
      );
    case "unanchored":
      return <span class="badge badge-unanchored" data-badge="unanchored" title={badge.reason}>○ not anchored yet</span>;
    default: {
      const never: never = badge;
      return never;
    }
  }
}
