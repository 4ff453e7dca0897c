import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * TaskEscrow with its owner, fee recipient and fee (basis points, at most 1,000 = 10%).
 * Parameters default to the deploying account and 1%.
 */
export default buildModule("TaskEscrow", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const feeRecipient = m.getParameter("feeRecipient", deployer);
  const feeBps = m.getParameter("feeBps", 100);
  const escrow = m.contract("TaskEscrow", [owner, feeRecipient, feeBps]);
  return { escrow };
});
