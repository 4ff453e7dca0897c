import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TaskEscrowModule from "./TaskEscrow.js";

/**
 * JuryArbiter for the TaskEscrow of this deployment. `registry` (required) is the ERC-721
 * identity registry whose agent ids form the juror pool; only its `ownerOf` is used, so the
 * project's registry or the canonical ERC-8004 one both work. Defaults: panel 5, quorum 3,
 * commit and reveal windows of one day each (together shorter than the escrow's 3-day ruling
 * window, which openCase checks per task).
 */
export default buildModule("JuryArbiter", (m) => {
  const { escrow } = m.useModule(TaskEscrowModule);
  const registry = m.getParameter<string>("registry");
  const panelSize = m.getParameter("panelSize", 5);
  const quorum = m.getParameter("quorum", 3);
  const commitWindow = m.getParameter("commitWindow", 86_400);
  const revealWindow = m.getParameter("revealWindow", 86_400);
  const jury = m.contract("JuryArbiter", [escrow, registry, panelSize, quorum, commitWindow, revealWindow]);
  return { escrow, jury };
});
