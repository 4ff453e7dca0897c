import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * ReputationAnchor with an admin, the indexer account that may anchor epoch roots and the epoch
 * length in seconds (default 86,400: a UTC day), which is fixed for the contract's life and must
 * equal the indexer's EPOCH_SECONDS.
 */
export default buildModule("ReputationAnchor", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const anchorer = m.getParameter("anchorer", deployer);
  const epochSeconds = m.getParameter("epochSeconds", 86_400);
  const anchor = m.contract("ReputationAnchor", [admin, anchorer, epochSeconds]);
  return { anchor };
});
