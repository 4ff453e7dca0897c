import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TaskEscrowModule from "./TaskEscrow.js";
import ReputationAnchorModule from "./ReputationAnchor.js";

/** Escrow and anchor: what every network needs even when it uses an existing identity registry. */
export default buildModule("MarketCore", (m) => {
  const { escrow } = m.useModule(TaskEscrowModule);
  const { anchor } = m.useModule(ReputationAnchorModule);
  return { escrow, anchor };
});
