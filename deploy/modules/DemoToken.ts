import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Local-only payment token: 6 decimals, EIP-2612 permit, anyone may mint. Never deploy it to a real network. */
export default buildModule("DemoToken", (m) => {
  const token = m.contract("MockUSDC");
  return { token };
});
