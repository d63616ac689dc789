#!/usr/bin/env node
// Launcher for the `resume-agent` command.
// In a checkout with the dev dependencies (src/ and tsx present) it runs the
// TypeScript sources through tsx, so what runs is always what is checked out.
// Everywhere else (the container image, a production install) it runs the
// compiled build in dist/server (`npm run build:server`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sources = new URL("../src/cli/main.ts", import.meta.url);
const built = new URL("../dist/server/main.js", import.meta.url);

async function sourceLoader() {
  if (!existsSync(fileURLToPath(sources))) return undefined;
  try {
    return await import("tsx/esm/api");
  } catch {
    return undefined; // a production install of a checkout: no dev dependencies
  }
}

const tsx = await sourceLoader();
if (tsx) {
  tsx.register();
  await import(sources.href);
} else if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  process.stderr.write("resume-agent: dist/server is missing; run `npm run build:server` first\n");
  process.exitCode = 1;
}
