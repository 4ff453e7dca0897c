import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** ReputationAnchor with an admin and the indexer account that may anchor epoch roots. */
export default buildModule("ReputationAnchor", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const anchorer = m.getParameter("anchorer", deployer);
  const anchor = m.contract("ReputationAnchor", [admin, anchorer]);
  return { anchor };
});
