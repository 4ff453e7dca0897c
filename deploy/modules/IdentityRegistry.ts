import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The ERC-8004 Identity Registry: agent ids, registration-file URIs and bound wallets. It has no
 * owner and no parameters. On a public chain the canonical deployment can be used instead
 * (IDENTITY_REGISTRY, agents/deploy/deployConfig.ts), and then this module is not deployed.
 */
export default buildModule("IdentityRegistry", (m) => {
  const registry = m.contract("IdentityRegistry");
  return { registry };
});
