import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import AgentMarketModule from "./AgentMarket.js";
import DemoTokenModule from "./DemoToken.js";

/** AgentMarket plus the mintable demo token, for the in-process demo and `hardhat node`. */
export default buildModule("LocalAgentMarket", (m) => {
  const { escrow, anchor, teamFactory, registry } = m.useModule(AgentMarketModule);
  const { token } = m.useModule(DemoTokenModule);
  return { escrow, anchor, teamFactory, registry, token };
});
