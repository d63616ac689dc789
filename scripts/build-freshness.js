/**
 * Whether dist/ is older than what it is built from, for the two builds:
 * the server (dist/server, scripts/build-server.ts) and the web UI (dist/web,
 * web/vite.config.ts). Plain JavaScript so that `npm start` can check it in a
 * few milliseconds on any supported Node, before anything is compiled.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** What each build reads, and the file it writes last. */
export const BUILDS = {
  server: {
    output: resolve(ROOT, "dist/server/build.json"),
    sources: ["src", "package-lock.json", "tsconfig.json", "scripts/build-server.ts"].map((p) =>
      resolve(ROOT, p),
    ),
  },
  web: {
    output: resolve(ROOT, "dist/web/index.html"),
    sources: ["web", "src/resume/model.ts", "src/resume/settings.ts", "package-lock.json"].map((p) =>
      resolve(ROOT, p),
    ),
  },
};

/** Newest modification time under `path`; tests and node_modules do not count. */
function newestMtime(path) {
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

/**
 * True when the build's output is missing or older than any of its sources.
 * @param {"server" | "web"} name
 * @returns {boolean}
 */
export function buildIsStale(name) {
  const { output, sources } = BUILDS[name];
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(source) > built);
}
