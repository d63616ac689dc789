/**
 * Builds the web UI into dist/web when it is missing or older than its
 * sources, so `npm start` and the browser tests always serve a current UI
 * without rebuilding on every run.
 *
 * Sources: everything under web/ (except tests), the shared modules the UI
 * bundles and the lockfile. Usage: `tsx scripts/ensure-web-build.ts [--force]`.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT_INDEX = resolve(ROOT, "dist/web/index.html");
const SOURCES = [
  resolve(ROOT, "web"),
  resolve(ROOT, "src/resume/model.ts"),
  resolve(ROOT, "src/resume/settings.ts"),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/web is missing or older than any source. */
export function webBuildIsStale(): boolean {
  if (!existsSync(OUT_INDEX)) return true;
  const built = statSync(OUT_INDEX).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

/** Builds the UI if needed; returns whether it built. */
export async function ensureWebBuild(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !webBuildIsStale()) return false;
  const { build } = await import("vite");
  await build({
    configFile: resolve(ROOT, "web/vite.config.ts"),
    logLevel: options.quiet ? "warn" : "info",
  });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes("--force");
  ensureWebBuild({ force }).then(
    (built) => {
      if (!built) console.log("web UI is up to date (dist/web)");
    },
    (error: unknown) => {
      console.error("building the web UI failed:", error);
      process.exit(1);
    },
  );
}
