// The child-process helpers live one layer down (agents/cli/processes.ts) so the benchmarks can
// start processes too; the multi-process mode and its tests keep importing them from here.
export { HARDHAT_CLI, TSX_CLI, freePort, processCpuMs, startChild, stopChild, tsxEntry, waitForLine, type Child } from "../cli/processes.js";
