/**
 * Tests live where CONTRIBUTING.md says: under `test/`, in the folder that
 * mirrors the source folder of what they test (`src/db/repositories/x.ts` →
 * `test/db/repositories/x.test.ts`, `deploy/helm` → `test/deploy/`), plus
 * `test/e2e/` for whole-system flows and `test/support/`, `test/fixtures/` for
 * shared helpers and data. The web client's tests mirror `web/src/` under
 * `web/test/`.
 *
 *   npm run check:tests
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const problems: string[] = [];

function* files(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path);

// 1. No test beside the code.
for (const source of ["src", "web/src"]) {
  for (const path of files(join(root, source))) {
    if (isTest(path)) problems.push(`${relative(root, path)}: tests live under test/ (see CONTRIBUTING.md)`);
  }
}

// 2. Every test folder mirrors a source folder.
const FREE = new Set(["e2e", "support", "fixtures"]);
for (const [testRoot, sourceRoots] of [
  ["test", ["src", "."]],
  ["web/test", ["web/src"]],
] as const) {
  for (const path of files(join(root, testRoot))) {
    if (!isTest(path)) continue;
    const rel = relative(join(root, testRoot), path).split(sep);
    if (FREE.has(rel[0]!)) continue;
    const folder = rel.slice(0, -1);
    if (folder.length === 0) continue; // tests of top-level modules (src/config.ts …)
    const mirrored = sourceRoots.some((s) => existsSync(join(root, s, ...folder)));
    if (!mirrored) {
      problems.push(`${relative(root, path)}: no source folder ${folder.join("/")} to mirror`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Test layout: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("Test layout: every test mirrors its source folder.");
