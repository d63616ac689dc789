import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../support/database.js";
import { childEnv, jsonLines, runCli } from "./run-cli.js";

describe("resume-agent --help", () => {
  it.each([
    { command: [], flags: ["serve", "worker", "migrate", "retention", "export", "healthcheck"] },
    { command: ["serve"], flags: ["--no-worker"] },
    { command: ["worker"], flags: ["SIGTERM"] },
    { command: ["migrate"], flags: ["migrations"] },
    { command: ["retention"], flags: ["--dry-run"] },
    { command: ["export"], flags: ["<file>", "--format", "--out", "--template", "--page-size"] },
    { command: ["healthcheck"], flags: ["/healthz"] },
  ])("resume-agent $command --help prints usage and exits 0", async ({ command, flags }) => {
    const result = await runCli([...command, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: resume-agent${command.length ? ` ${command[0]}` : ""}`);
    for (const flag of flags) expect(result.stdout).toContain(flag);
    expect(result.stderr).toBe("");
  });

  it("prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("resume-agent healthcheck", () => {
  it("exits 1 when nothing answers /healthz", async () => {
    const result = await runCli(["healthcheck"], { env: childEnv({ PORT: "1" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unhealthy");
  });
});

describe("resume-agent usage and configuration errors", () => {
  it("exits 2 on an unknown command", async () => {
    const result = await runCli(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it("exits 2 on an unknown option and on a missing required option", async () => {
    expect((await runCli(["migrate", "--fast"])).code).toBe(2);
    const missingOut = await runCli(["export", "cv.pdf"]);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain("--out");
  });

  it("exits 2 on an unknown export format or template, before reading the file", async () => {
    const format = await runCli(["export", "missing.pdf", "--format", "pdf,odt", "--out", "/tmp/x"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "odt"');
    const template = await runCli(["export", "missing.pdf", "--template", "fancy", "--out", "/tmp/x"]);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('unknown template "fancy"');
  });

  it("prints configuration errors as a message, not a stack, and exits 1", async () => {
    const result = await runCli(["migrate"], { env: childEnv({ PORT: "not-a-port" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("configuration error");
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("refuses the dev auth mode in production with a clear message", async () => {
    const result = await runCli(["serve"], { env: childEnv({ NODE_ENV: "production", AUTH_MODE: "dev" }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("AUTH_MODE=dev");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("exits 1 with the database's message when the database does not exist", async () => {
    if (!(await hasPostgres())) return noteSkippedWithoutPostgres("migrate against a missing database");
    const result = await runCli(["migrate"], {
      env: childEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ra_no_such_database" }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database "ra_no_such_database" does not exist');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("resume-agent migrate", () => {
  let testDb: TestDatabase | undefined;

  beforeAll(async () => {
    if (await hasPostgres()) testDb = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("applies every migration to a fresh database, then finds nothing left to do", async () => {
    if (!testDb?.url) return noteSkippedWithoutPostgres("resume-agent migrate on PostgreSQL");
    const env = childEnv({ DATABASE_URL: testDb.url });

    const first = await runCli(["migrate"], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const applied = jsonLines(first.stdout).find((l) => l.msg === "migrations applied");
    expect(applied).toMatchObject({ engine: "postgres", process: "migrate" });
    expect(applied?.applied).toBeGreaterThan(0);
    expect(applied?.applied).toBe(applied?.total);

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(rows.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          "artifact_counters",
          "artifacts",
          "job_artifact_latest",
          "job_events",
          "jobs",
          "tasks",
        ]),
      );
    } finally {
      await client.end();
    }

    const second = await runCli(["migrate"], { env });
    expect(second.code).toBe(0);
    expect(jsonLines(second.stdout).find((l) => l.msg === "migrations applied")).toMatchObject({
      applied: 0,
      total: applied?.total,
    });
  });

  it("runs a retention dry run on the migrated database and prints its counts", async () => {
    if (!testDb?.url) return noteSkippedWithoutPostgres("resume-agent retention on PostgreSQL");
    const dataDir = await mkdtemp(join(tmpdir(), "ra-retention-"));
    try {
      const result = await runCli(["retention", "--dry-run"], {
        env: childEnv({ DATABASE_URL: testDb.url, DATA_DIR: dataDir, MIGRATE_ON_START: "false" }),
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const summary = jsonLines(result.stdout).find((l) => "artifacts_deleted" in l && !("msg" in l));
      expect(summary).toMatchObject({ dry_run: true, artifacts_deleted: 0, tasks_deleted: 0 });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
