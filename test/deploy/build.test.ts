/**
 * The compiled server (scripts/build-server.ts) is what `npm start` and the
 * container run, while the rest of the suite runs the sources. This builds it
 * into a scratch directory and runs it for real: the bundled parse-worker
 * thread, fonts, JSON Resume schema, migrations folder and web UI must all be
 * found from the bundle's chunks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../scripts/build-server.js";
import { ensureWebBuild } from "../../scripts/ensure-web-build.js";
import { childEnv, REPO_ROOT } from "../cli/run-cli.js";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../support/database.js";

const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
  .version;

const onPostgres = await hasPostgres();
if (!onPostgres) noteSkippedWithoutPostgres("migrating with the compiled build");

let scratch: string;
let outDir: string;
let db: TestDatabase;

function runBuilt(
  args: string[],
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(outDir, "main.js"), ...args], { cwd: scratch, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first JSON log line that `match` accepts; rejects if the process exits first. */
function waitForLog(child: ChildProcess, match: (line: Record<string, unknown>) => boolean) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (text) => {
      if (!text.startsWith("{")) return;
      const line = JSON.parse(text) as Record<string, unknown>;
      if (match(line)) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before the expected log line`)));
  });
}

beforeAll(async () => {
  // Inside the checkout, so the external packages resolve from its node_modules.
  await mkdir(join(REPO_ROOT, "test-output"), { recursive: true });
  scratch = await mkdtemp(join(REPO_ROOT, "test-output", "build-"));
  outDir = join(scratch, "server");
  await buildServer({ outDir, quiet: true });
  db = await createTestDatabase({ migrate: false });
}, 180_000);

afterAll(async () => {
  await db?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("compiled server build", () => {
  it("is plain JavaScript that loads no TypeScript source", () => {
    const files = readdirSync(outDir);
    expect(files).toContain("main.js");
    expect(files).toContain("parse-worker.js");
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      expect(readFileSync(join(outDir, file), "utf8")).not.toMatch(/from "[^"]*\.ts"|\/src\/[\w/-]+\.ts"/);
    }
  });

  it("prints its version", async () => {
    const result = await runBuilt(["--version"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(version);
  });

  it("exports a PDF and a JSON Resume offline through the parse thread and the renderers", async () => {
    const out = join(scratch, "export");
    const pdf = await runBuilt([
      "export",
      join(REPO_ROOT, "test/fixtures/parse/daniel-obrien.pdf"),
      "--format",
      "pdf,docx,json",
      "--out",
      out,
      "--plain",
    ]);
    // Progress goes to stderr; a missing chunk or file would show up there as an error.
    expect(pdf.stderr).not.toMatch(/error|cannot find/i);
    expect(pdf.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "daniel-obrien.json"), "utf8")) as {
      basics?: { name?: string };
    };
    expect(json.basics?.name).toMatch(/Daniel/);
    expect(readFileSync(join(out, "daniel-obrien.pdf")).subarray(0, 5).toString()).toBe("%PDF-");

    const resume = await runBuilt([
      "export",
      join(REPO_ROOT, "test/fixtures/json-resume/sample.resume.json"),
      "--format",
      "pdf",
      "--out",
      out,
      "--plain",
    ]);
    expect(resume.code).toBe(0);
    expect(`${resume.stdout}${resume.stderr}`).toMatch(/parsed json-resume, wrote 1 file/);
  });

  it.skipIf(!onPostgres)("applies the migrations to a PostgreSQL database", async () => {
    const migrate = await runBuilt(["migrate"], childEnv({ DATABASE_URL: db.url, LOG_LEVEL: "info" }));
    expect(migrate.stderr).toBe("");
    const applied = migrate.stdout.split("\n").find((l) => l.includes('"migrations applied"'));
    expect(JSON.parse(applied ?? "{}")).toMatchObject({ engine: "postgres" });
    expect(JSON.parse(applied ?? "{}").total).toBeGreaterThan(0);
  });

  it("serves the API and the built web UI with --no-worker", async () => {
    await ensureWebBuild({ quiet: true });
    const env = childEnv({
      DATABASE_URL: db.url,
      DATA_DIR: join(scratch, "data"),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    });
    const child = spawn(process.execPath, [join(outDir, "main.js"), "serve", "--no-worker"], {
      cwd: scratch,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const listening = await waitForLog(child, (l) => l.msg === "server listening");
      const address = String(listening.address);
      expect((await fetch(`${address}/readyz`)).status).toBe(200);
      const page = await fetch(`${address}/`);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(await page.text()).toBe(readFileSync(join(REPO_ROOT, "dist/web/index.html"), "utf8"));
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
