import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TaskEscrowModule from "./TaskEscrow.js";
import ReputationAnchorModule from "./ReputationAnchor.js";

/**
 * The two contracts every network needs. The payment token is an existing ERC-20 (USDC, ...).
 * Parameters: TaskEscrow (owner, feeRecipient, feeBps) and ReputationAnchor (admin, anchorer, epochSeconds).
 */
export default buildModule("AgentMarket", (m) => {
  const { escrow } = m.useModule(TaskEscrowModule);
  const { anchor } = m.useModule(ReputationAnchorModule);
  return { escrow, anchor };
});
