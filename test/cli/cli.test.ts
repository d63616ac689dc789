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
  it.each([[], ["serve"], ["worker"], ["migrate"], ["retention"], ["export"]])(
    "resume-agent %s --help prints usage and exits 0",
    async (...command: string[]) => {
      const result = await runCli([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: resume-agent${command.length ? ` ${command[0]}` : ""}`);
      expect(result.stderr).toBe("");
    },
  );

  it("documents the flags of each command", async () => {
    expect((await runCli(["serve", "--help"])).stdout).toContain("--no-worker");
    expect((await runCli(["retention", "--help"])).stdout).toContain("--dry-run");
    const exportHelp = (await runCli(["export", "--help"])).stdout;
    for (const flag of ["--format", "--out", "--template", "--page-size"]) expect(exportHelp).toContain(flag);
  });

  it("prints the package version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
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
    expect(applied).toMatchObject({ engine: "postgres", component: "migrate" });
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
});
