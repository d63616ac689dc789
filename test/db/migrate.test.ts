import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { MIGRATIONS_FOLDER, runMigrations } from "../../src/db/migrate.js";
import { makeJob } from "../support/data-fixtures.js";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../support/database.js";

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};
const downScripts = readdirSync(join(MIGRATIONS_FOLDER, "down")).sort();
const postgres = await hasPostgres();
if (!postgres) noteSkippedWithoutPostgres("concurrent migrators test");

describe("migrations", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it("creates the thirteen tables and is idempotent", async () => {
    const t = await createTestDatabase();
    dbs.push(t);
    const result = await t.database.db.execute(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(result.rows.map((r) => (r as { table_name: string }).table_name)).toEqual([
      "artifact_counters",
      "artifacts",
      "job_artifact_latest",
      "job_events",
      "job_variants",
      "job_versions",
      "jobs",
      "llm_usage",
      "share_links",
      "share_views",
      "tailorings",
      "tasks",
      "translations",
    ]);
    const again = await runMigrations(t.database);
    expect(again.applied).toBe(0);
    expect(again.total).toBe(journal.entries.length);
  });

  it("forces row-level security on every table with an owner column", async () => {
    const t = await createTestDatabase();
    dbs.push(t);
    const result = await t.database.db.execute(sql`
      SELECT c.relname AS name, c.relrowsecurity AND c.relforcerowsecurity AS forced,
             (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname)::int AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM information_schema.columns k
                    WHERE k.table_schema = 'public' AND k.table_name = c.relname AND k.column_name = 'owner_user_id')
      ORDER BY 1`);
    const rows = result.rows as { name: string; forced: boolean; policies: number }[];
    expect(rows.map((r) => r.name)).toContain("share_views");
    expect(rows.filter((r) => !r.forced || r.policies < 1)).toEqual([]);
  });

  it("migrates the embedded engine the same way", async () => {
    const t = await createTestDatabase({ engine: "pglite" });
    dbs.push(t);
    const again = await runMigrations(t.database);
    expect(again).toEqual({ applied: 0, total: journal.entries.length });
  });

  it.skipIf(!postgres)("applies each migration once when two migrators start together", async () => {
    const t = await createTestDatabase({ engine: "postgres", migrate: false });
    dbs.push(t);
    // Two handles, two pools: like two pods starting at the same moment.
    const other = await createDatabase({ url: t.url, poolMax: 2 });
    try {
      const results = await Promise.all([runMigrations(t.database), runMigrations(other)]);
      const applied = results.map((r) => r.applied).sort((a, b) => a - b);
      expect(applied).toEqual([0, journal.entries.length]);
      expect(results.every((r) => r.total === journal.entries.length)).toBe(true);
      const rows = await t.database.db.execute(
        sql`SELECT hash, count(*)::int AS n FROM drizzle.__drizzle_migrations GROUP BY hash`,
      );
      expect(rows.rows).toHaveLength(journal.entries.length);
      expect(rows.rows.every((r) => (r as { n: number }).n === 1)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("has a down script for every migration", () => {
    expect(downScripts).toEqual(journal.entries.map((e) => `${e.tag}.down.sql`));
  });

  it.skipIf(!postgres)("reverts with the down scripts, newest first, and migrates again", async () => {
    const t = await createTestDatabase({ engine: "postgres" });
    dbs.push(t);
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      for (const file of [...downScripts].reverse()) {
        await client.query(readFileSync(join(MIGRATIONS_FOLDER, "down", file), "utf8"));
      }
      const left = await client.query(
        "SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables, (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS applied",
      );
      expect(left.rows[0]).toEqual({ tables: 0, applied: 0 });
    } finally {
      await client.end();
    }
    expect(await runMigrations(t.database)).toEqual({
      applied: journal.entries.length,
      total: journal.entries.length,
    });
  });
  it.skipIf(!postgres)(
    "upgrades existing artifacts into one version series per language (0014)",
    async () => {
      const t = await createTestDatabase({ engine: "postgres" });
      dbs.push(t);
      const job = await makeJob(t.database, "alice");
      const from = downScripts.indexOf("0014_artifact_language_series.down.sql");
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        // Back to the schema just before 0014 (later migrations first).
        for (const file of downScripts.slice(from).reverse()) {
          await client.query(readFileSync(join(MIGRATIONS_FOLDER, "down", file), "utf8"));
        }
        await client.query(`UPDATE jobs SET sections = '{"meta": {"language": "it"}}' WHERE id = $1`, [
          job.id,
        ]);
        // Before 0014 one series per kind: v1, v2 in the CV's language, v3 a German-only export.
        for (const [version, metadata] of [
          [1, {}],
          [2, { language: "it-IT" }],
          [3, { language: "de" }],
        ] as const) {
          await client.query(
            `INSERT INTO artifacts (job_id, owner_user_id, kind, version, blob_path, filename, content_type,
                                  size_bytes, sha256, metadata)
           VALUES ($1, 'alice', 'pdf', $2, $3, 'cv.pdf', 'application/pdf', 1, repeat('0', 64), $4)`,
            [job.id, version, `b/${version}`, JSON.stringify(metadata)],
          );
        }
        await client.query(
          `INSERT INTO artifact_counters (job_id, kind, next_version) VALUES ($1, 'pdf', 3);
         INSERT INTO job_artifact_latest (job_id, kind, latest_artifact_id, latest_version)
           SELECT job_id, kind, id, version FROM artifacts WHERE version = 3;`.replaceAll(
            "$1",
            `'${job.id}'`,
          ),
        );
      } finally {
        await client.end();
      }
      expect((await runMigrations(t.database)).applied).toBe(downScripts.length - from);
      const rows = async (query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows;
      expect(await rows(sql`SELECT language, version FROM artifacts ORDER BY version`)).toEqual([
        { language: "it", version: 1 },
        { language: "it", version: 2 },
        { language: "de", version: 3 },
      ]);
      expect(await rows(sql`SELECT language, next_version FROM artifact_counters ORDER BY language`)).toEqual(
        [
          { language: "de", next_version: 3 },
          { language: "it", next_version: 2 },
        ],
      );
      expect(
        await rows(sql`SELECT language, latest_version FROM job_artifact_latest ORDER BY language`),
      ).toEqual([
        { language: "de", latest_version: 3 },
        { language: "it", latest_version: 2 },
      ]);
    },
  );
});
