import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The factory that deploys team wallets (TeamAccount) at CREATE2 addresses fixed by members and shares. */
export default buildModule("TeamAccountFactory", (m) => {
  const teamFactory = m.contract("TeamAccountFactory");
  return { teamFactory };
});
