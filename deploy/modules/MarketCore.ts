import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TaskEscrowModule from "./TaskEscrow.js";
import ReputationAnchorModule from "./ReputationAnchor.js";
import TeamAccountFactoryModule from "./TeamAccountFactory.js";

/**
 * Escrow, anchor and the TeamAccountFactory whose wallets teams bid with: what every network needs
 * even when it uses an existing identity registry.
 */
export default buildModule("MarketCore", (m) => {
  const { escrow } = m.useModule(TaskEscrowModule);
  const { anchor } = m.useModule(ReputationAnchorModule);
  const { teamFactory } = m.useModule(TeamAccountFactoryModule);
  return { escrow, anchor, teamFactory };
});
