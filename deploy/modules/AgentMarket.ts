import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import MarketCoreModule from "./MarketCore.js";
import IdentityRegistryModule from "./IdentityRegistry.js";

/**
 * The contracts every network needs: escrow, anchor, team wallet factory and the identity registry. The payment
 * token is an existing ERC-20 (USDC, ...). Parameters: TaskEscrow (owner, feeRecipient, feeBps)
 * and ReputationAnchor (admin, anchorer, epochSeconds).
 */
export default buildModule("AgentMarket", (m) => {
  const { escrow, anchor, teamFactory } = m.useModule(MarketCoreModule);
  const { registry } = m.useModule(IdentityRegistryModule);
  return { escrow, anchor, teamFactory, registry };
});
