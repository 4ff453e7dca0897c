import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import type { InlineConfig, Plugin } from "vite";

/** dashboard/: the page's sources (index.html, src/). */
export const DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/", import.meta.url));
/** dashboard/dist: the built page (git-ignored). */
export const DIST_DIR = fileURLToPath(new URL("../../dashboard/dist/", import.meta.url));
const BROWSER_READ_ARTIFACT = fileURLToPath(new URL("../../dashboard/src/chain/readArtifact.ts", import.meta.url));

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Lets the page reuse the agents' pure modules: the ABI modules read Hardhat artifacts with
 * node:fs, so in the browser build their `readArtifact` is swapped for one that imports the
 * same artifact JSON at build time; and any other Node built-in reaching the bundle fails the
 * build instead of failing in the page.
 */
function browserSafe(): Plugin {
  return {
    name: "agent-market:browser-safe",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "./readArtifact.js" && importer && /[\\/]agents[\\/]chain[\\/]/.test(importer)) return BROWSER_READ_ARTIFACT;
      if (NODE_BUILTINS.has(source)) this.error(`${importer ?? "?"} imports ${source}, which does not exist in a browser: split out the pure part`);
      return null;
    },
  };
}

/** The one Vite configuration of the page (used by the build script and the server's staleness check). */
export function dashboardViteConfig(): InlineConfig {
  return {
    configFile: false,
    root: DASHBOARD_DIR,
    base: "./",
    logLevel: "warn",
    // The same production bundle whoever builds it (a test runner may set NODE_ENV=test).
    mode: "production",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    // Named JSON exports tree-shake: the artifacts' ABIs reach the bundle, their bytecode does not.
    json: { stringify: false, namedExports: true },
    oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
    plugins: [browserSafe()],
    build: { outDir: DIST_DIR, emptyOutDir: true, target: "es2022", reportCompressedSize: false, chunkSizeWarningLimit: 2_000 },
  };
}
