/**
 * Fail when src/db/schema.ts and the committed migrations disagree.
 *
 * Copies drizzle/ to a temporary folder, lets drizzle-kit generate against the
 * copy, and fails if it produced a new migration: someone changed the schema
 * without committing the generated migration.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

// drizzle-kit wants a path relative to the project.
const out = `node_modules/.cache/migration-drift-${process.pid}`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  cpSync("drizzle", out, { recursive: true });
  const before = new Set(readdirSync(out));
  const output = execFileSync(
    "npx",
    [
      "--no-install",
      "drizzle-kit",
      "generate",
      "--dialect=postgresql",
      "--schema=./src/db/schema.ts",
      "--casing=snake_case",
      `--out=${out}`,
      "--name=drift",
    ],
    { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  const added = readdirSync(out).filter((f) => !before.has(f));
  if (added.length === 0 && !output.includes("No schema changes")) {
    console.error(`migration drift check could not run drizzle-kit:\n${output}`);
    process.exit(1);
  }
  if (added.length > 0) {
    console.error(
      `migration drift: src/db/schema.ts differs from drizzle/. Run \`npm run db:generate\` and commit the result (would add: ${added.join(", ")}).`,
    );
    process.exit(1);
  }
  console.log("migrations match the schema");
} finally {
  rmSync(out, { recursive: true, force: true });
}
