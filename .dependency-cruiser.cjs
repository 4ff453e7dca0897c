/**
 * Layers of agents/, lowest first; a folder may import its own layer and the layers below it,
 * never a layer above. `npm run lint` runs this; a violation names its rule.
 *
 *   errors.ts, random.ts                          the error base classes, seeded randomness
 *   protocol/                                     message schemas, EIP-712, task lifecycle, codecs
 *   market/ llm/ chain/ transport/ http/ cli/ deploy/ registry/   pure maths, models, contracts, wires, config, agent cards
 *   indexer/                                      the reputation indexer
 *   runtime/                                      the agents' core: ports, AgentLoop, stores, clock
 *   manager/ worker/ arbiter/                     the roles
 *   wiring/                                       puts a market together: createLocalMarket, startAgent
 *   demo/ multi/ bench/ testing/                  programs built on the wiring, benchmarks, fault doubles
 *   mcp/                                          the MCP server: an agent's body for an MCP host (uses multi's process set-up)
 *   sdk/, index.ts                                the package's public surface (createWorker, createClient, ...)
 *   scripts/                                      thin entry points
 */
const above = (...folders) => `^agents/(${folders.join("|")})/`;

module.exports = {
  forbidden: [
    {
      name: "protocol-is-the-bottom",
      comment: "agents/protocol holds the shared vocabulary; it may import only agents/errors.ts and itself.",
      severity: "error",
      from: { path: "^agents/protocol/" },
      to: { path: "^agents/", pathNot: ["^agents/protocol/", "^agents/errors\\.ts$"] },
    },
    {
      name: "libraries-stay-below-the-agents",
      comment: "market, llm, chain, transport, http, cli, deploy and registry are libraries: they do not reach up into the indexer, the agents' core, the roles, the wiring or the programs.",
      severity: "error",
      from: { path: above("market", "llm", "chain", "transport", "http", "cli", "deploy", "registry") },
      to: { path: above("indexer", "runtime", "manager", "worker", "arbiter", "wiring", "demo", "multi", "bench", "testing", "mcp") },
    },
    {
      name: "indexer-below-the-agents",
      comment: "The indexer is a service the agents use through ports; it does not import the agents' core, the roles, the wiring or the programs.",
      severity: "error",
      from: { path: "^agents/indexer/" },
      to: { path: above("runtime", "manager", "worker", "arbiter", "wiring", "demo", "multi", "bench", "testing", "mcp") },
    },
    {
      name: "core-below-the-roles",
      comment: "agents/runtime is the agents' core (ports, AgentLoop, stores, clock): no roles, wiring, indexer (errors included) or programs.",
      severity: "error",
      from: { path: "^agents/runtime/" },
      to: { path: above("indexer", "manager", "worker", "arbiter", "wiring", "demo", "multi", "bench", "testing", "mcp", "deploy") },
    },
    {
      name: "roles-below-the-wiring",
      comment: "manager, worker and arbiter act through ports; the wiring that builds them sits above them.",
      severity: "error",
      from: { path: above("manager", "worker", "arbiter") },
      to: { path: above("wiring", "demo", "multi", "bench", "testing", "mcp", "indexer") },
    },
    {
      name: "wiring-below-the-programs",
      comment: "agents/wiring is what demo, multi and bench build on, not the other way round.",
      severity: "error",
      from: { path: "^agents/wiring/" },
      to: { path: above("demo", "multi", "bench", "testing", "mcp") },
    },
    {
      name: "programs-side-by-side",
      comment: "demo, multi and bench are separate programs: none imports another (shared pieces move down a layer).",
      severity: "error",
      from: { path: "^agents/(demo|multi|bench|testing)/" },
      to: { path: "^agents/(demo|multi|bench|testing|mcp)/", pathNot: "^agents/$1/" },
    },
    {
      name: "sdk-is-the-top",
      comment: "agents/sdk and the entry point agents/index.ts compose everything below them; nothing in agents/ imports them back.",
      severity: "error",
      from: { path: "^agents/", pathNot: ["^agents/sdk/", "^agents/index\\.ts$"] },
      to: { path: ["^agents/sdk/", "^agents/index\\.ts$"] },
    },
    {
      name: "agents-not-from-scripts-or-tests",
      comment: "scripts/ and test/ sit on top of agents/; production code never imports them.",
      severity: "error",
      from: { path: "^agents/" },
      to: { path: "^(scripts|test)/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one; cut it by moving the shared piece down.",
      severity: "error",
      from: { path: "^agents/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(artifacts|node_modules|cache|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
