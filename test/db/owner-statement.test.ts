import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOwnerStatement } from "../../src/db/owner-statement.js";
import { makeJob } from "../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.js";

const engines = await testEngines("one-round-trip owner statements on PostgreSQL");

const TRICKY = [
  "it's",
  "back\\slash",
  "\\'; DROP TABLE jobs; --",
  "$1 and $$dollar$$",
  "E'not an escape'",
  "line\nbreak\ttab",
  "žluťoučký kůň 🐎",
];

describe.each(engines)("runOwnerStatement on %s", (engine) => {
  let t: TestDatabase;
  const weirdOwner = "o'brien\\x $1";
  beforeAll(async () => {
    // One connection, so every statement below reuses the session the previous one left behind.
    t = await createTestDatabase({ engine, poolMax: 1 });
    await makeJob(t.database, "alice");
    await makeJob(t.database, "bob");
    await makeJob(t.database, weirdOwner);
  });
  afterAll(() => t.drop());

  it("applies row-level security to a statement without an owner filter", async () => {
    const rows = await runOwnerStatement(t.database, "alice", sql`SELECT owner_user_id FROM jobs`);
    expect(rows).toEqual([{ owner_user_id: "alice" }]);
    const weird = await runOwnerStatement(t.database, weirdOwner, sql`SELECT owner_user_id FROM jobs`);
    expect(weird).toEqual([{ owner_user_id: weirdOwner }]);
  });

  it("round-trips values that need escaping exactly", async () => {
    for (const value of TRICKY) {
      const rows = await runOwnerStatement(
        t.database,
        "alice",
        sql`SELECT ${value}::text AS v, ${JSON.stringify({ value })}::jsonb AS j`,
      );
      expect(rows).toEqual([{ v: value, j: { value } }]);
    }
    const [count] = await runOwnerStatement(t.database, "alice", sql`SELECT count(*)::int AS n FROM jobs`);
    expect(count).toEqual({ n: 1 });
  });

  it("leaves the connection without owner or role, also after an error", async () => {
    await runOwnerStatement(t.database, "alice", sql`SELECT 1`);
    await expect(runOwnerStatement(t.database, "alice", sql`SELECT 1 / 0`)).rejects.toThrow();
    const [session] = (
      await t.database.db.execute(
        sql`SELECT current_user = session_user AS same_user, coalesce(current_setting('app.owner_user_id', true), '') AS owner`,
      )
    ).rows;
    expect(session).toEqual({ same_user: true, owner: "" });
  });

  it("requires an owner", async () => {
    await expect(runOwnerStatement(t.database, "", sql`SELECT 1`)).rejects.toMatchObject({
      code: "unauthorized",
    });
  });
});
