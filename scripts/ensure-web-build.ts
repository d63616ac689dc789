/**
 * Builds the web UI into dist/web when it is missing or older than its
 * sources (listed in build-freshness.js), so `npm start` and the browser tests
 * always serve a current UI without rebuilding on every run.
 *
 * Usage: `tsx scripts/ensure-web-build.ts [--force]`.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsStale } from "./build-freshness.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** True when dist/web is missing or older than any source. */
export function webBuildIsStale(): boolean {
  return buildIsStale("web");
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
