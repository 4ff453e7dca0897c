// Mutation testing of the pure TypeScript cores: `npm run test:mutation` (./run test:mutation).
// Stryker's mocha runner loads the tests in a child process with tsx as Node's loader, so only
// tests that need no Hardhat network are listed; the contracts have their own Solidity suite.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "mocha",
  plugins: ["@stryker-mutator/mocha-runner"],
  testRunnerNodeArgs: ["--import", "tsx"],
  mochaOptions: {
    spec: [
      "test/market/*.test.ts",
      "test/manager/*.test.ts",
      "test/agents/decisions.test.ts",
      "test/agents/protocol.test.ts",
      "test/agents/verifiedHistory.test.ts",
      "test/indexer/acceptance.test.ts",
      "test/protocol/*.test.ts",
    ],
    extension: ["ts"],
  },
  mutate: [
    "agents/market/**/*.ts",
    // The simulated worlds are benchmark harnesses (bench:market), not decision logic.
    "!agents/market/simulation.ts",
    "!agents/market/simulation/**",
    "agents/protocol/**/*.ts",
    "agents/manager/decide.ts",
    "agents/manager/checkBid.ts",
    "agents/manager/checkResult.ts",
    "agents/worker/decide.ts",
    "agents/indexer/acceptance.ts",
  ],
  // Nothing type-checks the mutants (tsx strips types), so no checker plugin.
  coverageAnalysis: "perTest",
  // Two cores shared by many: never more than two workers.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  // The sandbox needs the sources and tests only.
  ignorePatterns: ["artifacts", "cache", "types", "data", "deployments", "deploy/deployments", "reports", "bench", "contracts", "coverage"],
  thresholds: { high: 90, low: 85, break: null },
  // `npm run test:mutation -- --incremental` reuses reports/stryker-incremental.json for unchanged code and tests.
  incrementalFile: "reports/stryker-incremental.json",
};
