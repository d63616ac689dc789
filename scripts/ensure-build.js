/**
 * Builds what is missing or stale before `npm start` (and the other npm run
 * commands that start the server): the server into dist/server and the web UI
 * into dist/web. When both are current it returns in milliseconds, so it does
 * not slow a start down; that is why it is plain JavaScript and not run through tsx.
 *
 * Usage: `node scripts/ensure-build.js [server|web ...] [--force]` (both when none is named).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildIsStale } from "./build-freshness.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const force = args.includes("--force");
const named = args.filter((a) => !a.startsWith("--"));

const steps = [
  { name: "server", script: "scripts/build-server.ts", args: [] },
  { name: "web", script: "scripts/ensure-web-build.ts", args: ["--force"] },
];

for (const step of steps) {
  if (named.length > 0 && !named.includes(step.name)) continue;
  if (!force && !buildIsStale(step.name)) continue;
  // The builders are TypeScript and need the dev dependencies (esbuild, vite, tsx).
  const result = spawnSync(process.execPath, ["--import", "tsx", step.script, ...step.args], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error(
      `building the ${step.name} failed; a production install without dev dependencies needs a prebuilt dist/`,
    );
    process.exit(result.status ?? 1);
  }
}
