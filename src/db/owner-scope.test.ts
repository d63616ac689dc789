import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.js";
import { withOwner, withSystem } from "./owner-scope.js";
import { jobs } from "./schema.js";

describe.each(["postgres", "pglite"] as const)("row-level security on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine: engine === "pglite" ? "pglite" : undefined });
    await withOwner(t.database, "alice", (tx) => tx.insert(jobs).values({ ownerUserId: "alice" }));
    await withOwner(t.database, "bob", (tx) => tx.insert(jobs).values({ ownerUserId: "bob" }));
  });
  afterAll(() => t.drop());

  it("hides other owners' rows from a query without an owner filter", async () => {
    const rows = await withOwner(t.database, "alice", (tx) => tx.select().from(jobs));
    expect(rows.map((r) => r.ownerUserId)).toEqual(["alice"]);
  });

  it("refuses to write a row for another owner", async () => {
    await expect(
      withOwner(t.database, "alice", (tx) => tx.insert(jobs).values({ ownerUserId: "bob" })),
    ).rejects.toThrow();
  });

  it("fails closed when no owner is set", async () => {
    const rows = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('role', 'resume_agent_app', true)`);
      return tx.select().from(jobs);
    });
    expect(rows).toEqual([]);
  });

  it("lets the system path see every owner", async () => {
    const rows = await withSystem(t.database, (tx) => tx.select().from(jobs));
    expect(rows.map((r) => r.ownerUserId).sort()).toEqual(["alice", "bob"]);
  });
});
