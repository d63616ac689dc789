import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.js";
import { runMigrations } from "./migrate.js";

describe("migrations", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it("creates the six tables and is idempotent", async () => {
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
      "jobs",
      "tasks",
    ]);
    const again = await runMigrations(t.database);
    expect(again.applied).toBe(0);
    expect(again.total).toBeGreaterThan(0);
  });
});
