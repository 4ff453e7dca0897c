import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { SystemFaultError } from "../errors.js";
import { DASHBOARD_DIR, DIST_DIR, dashboardViteConfig } from "./viteConfig.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Everything the bundle can be built from: a change in any of these makes the built page stale. */
const INPUT_DIRS = ["dashboard/src", "agents"];
const INPUT_FILES = [
  "dashboard/index.html",
  "package-lock.json",
  "artifacts/contracts/TaskEscrow.sol/TaskEscrow.json",
  "artifacts/contracts/ReputationAnchor.sol/ReputationAnchor.json",
];
const STAMP = "build.json";

export interface BuildReport {
  /** sha256 over every input file's path and bytes. */
  inputs: string;
  js: { files: number; bytes: number; gzipBytes: number };
  css: { bytes: number; gzipBytes: number };
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

/** Hash of the page's inputs (sources, the agents' modules it reuses, the ABIs, the lock file). */
export async function dashboardInputsHash(): Promise<string> {
  const files = [...(await Promise.all(INPUT_DIRS.map((d) => listFiles(join(ROOT, d))))).flat(), ...INPUT_FILES.map((f) => join(ROOT, f))].sort();
  const h = createHash("sha256");
  for (const f of files) {
    h.update(relative(ROOT, f)).update("\0");
    h.update(existsSync(f) ? await readFile(f) : Buffer.alloc(0)).update("\0");
  }
  return h.digest("hex");
}

/**
 * Builds the page with Vite into dashboard/dist and reports the size of its JavaScript and CSS
 * (raw and gzipped, level 9), which it also stores in dist/build.json.
 *
 * @example
 * const { js } = await buildDashboardAssets(); // js.gzipBytes
 */
export async function buildDashboardAssets(): Promise<BuildReport> {
  if (!existsSync(join(ROOT, INPUT_FILES[2]!))) {
    throw new SystemFaultError("contract artifacts missing: run `./run build` first", { code: "ARTIFACT_MISSING" });
  }
  const inputs = await dashboardInputsHash();
  const { build } = await import("vite");
  await build(dashboardViteConfig());
  const sizes = async (ext: string) => {
    const files = (await listFiles(join(DIST_DIR, "assets"))).filter((f) => f.endsWith(ext));
    let bytes = 0;
    let gzipBytes = 0;
    for (const f of files) {
      const b = await readFile(f);
      bytes += b.length;
      gzipBytes += gzipSync(b, { level: 9 }).length;
    }
    return { files: files.length, bytes, gzipBytes };
  };
  const js = await sizes(".js");
  const { files: _n, ...css } = await sizes(".css");
  const report: BuildReport = { inputs, js, css };
  await writeFile(join(DIST_DIR, STAMP), JSON.stringify(report, null, 2) + "\n");
  return report;
}

/**
 * Builds the page only if dashboard/dist is missing or was built from other inputs.
 *
 * @returns the build report and whether this call built it.
 * @example
 * const { built } = await ensureDashboardAssets();
 */
export async function ensureDashboardAssets(): Promise<{ report: BuildReport; built: boolean }> {
  try {
    const stamp = JSON.parse(await readFile(join(DIST_DIR, STAMP), "utf8")) as BuildReport;
    if (stamp.inputs === (await dashboardInputsHash()) && existsSync(join(DIST_DIR, "index.html"))) return { report: stamp, built: false };
  } catch {
    // no stamp: build
  }
  return { report: await buildDashboardAssets(), built: true };
}

/** "412.3 kB (118.0 kB gzipped)" */
export function formatSize(r: BuildReport): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  return `JavaScript ${kb(r.js.bytes)} in ${r.js.files} file(s), ${kb(r.js.gzipBytes)} gzipped; CSS ${kb(r.css.bytes)} (${kb(r.css.gzipBytes)} gzipped)`;
}

export { DASHBOARD_DIR, DIST_DIR };
