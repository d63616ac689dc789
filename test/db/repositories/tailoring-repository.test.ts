import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { LlmUsageRepository } from "../../../src/db/repositories/llm-usage-repository.js";
import { TailoringRepository } from "../../../src/db/repositories/tailoring-repository.js";
import { makeJob } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("tailoring repository tests on PostgreSQL");

describe.each(engines)("TailoringRepository and LlmUsageRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const create = (owner: string, jobId: string) =>
    withOwner(t.database, owner, (tx) =>
      new TailoringRepository(tx).create({
        job_id: jobId,
        owner_user_id: owner,
        posting: "Requirements:\n- Go",
        engine: "builtin",
      }),
    );

  it("keeps a tailoring with its job, and another owner can neither see nor attach one", async () => {
    const job = await makeJob(t.database, "alice");
    const row = await create("alice", job.id);
    expect(row).toMatchObject({ jobId: job.id, ownerUserId: "alice", proposals: [], history: [] });
    expect(
      await withOwner(t.database, "bob", (tx) => new TailoringRepository(tx).findById(row.id, "bob")),
    ).toBeNull();
    // Row-level security alone hides it too, even when the filter names the real owner.
    expect(
      await withOwner(t.database, "bob", (tx) => new TailoringRepository(tx).findById(row.id, "alice")),
    ).toBeNull();
    await expect(create("bob", job.id)).rejects.toMatchObject({ code: "not_found" });
    expect(
      await withOwner(t.database, "alice", (tx) => new TailoringRepository(tx).listByJob(job.id, "alice")),
    ).toHaveLength(1);
  });

  it("refuses an update with a stale token and advances updated_at on every write", async () => {
    const job = await makeJob(t.database, "alice");
    const row = await create("alice", job.id);
    const repo = (fn: (r: TailoringRepository) => Promise<unknown>) =>
      withOwner(t.database, "alice", (tx) => fn(new TailoringRepository(tx)));
    const first = (await repo((r) =>
      r.update(row.id, "alice", { answers: [{ a: 1 }] }, { expectedUpdatedAt: row.updatedAt }),
    )) as {
      updatedAt: Date;
    };
    expect(first.updatedAt.getTime()).toBeGreaterThan(row.updatedAt.getTime());
    await expect(
      repo((r) => r.update(row.id, "alice", { answers: [] }, { expectedUpdatedAt: row.updatedAt })),
    ).rejects.toMatchObject({ code: "precondition_failed" });
    await expect(repo((r) => r.update(row.id, "bob", { answers: [] }))).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("clears expired audit records only", async () => {
    const job = await makeJob(t.database, "alice");
    const old = await create("alice", job.id);
    const fresh = await create("alice", job.id);
    const now = new Date();
    await withOwner(t.database, "alice", async (tx) => {
      const r = new TailoringRepository(tx);
      await r.update(old.id, "alice", {
        audit: { raw: ["x"] },
        auditExpiresAt: new Date(now.getTime() - 1_000),
      });
      await r.update(fresh.id, "alice", {
        audit: { raw: ["y"] },
        auditExpiresAt: new Date(now.getTime() + 3_600_000),
      });
    });
    const cleared = await withSystem(t.database, (tx) => new TailoringRepository(tx).clearExpiredAudits(now));
    expect(cleared).toBeGreaterThanOrEqual(1);
    const rows = await withOwner(t.database, "alice", (tx) =>
      new TailoringRepository(tx).listByJob(job.id, "alice"),
    );
    expect(rows.find((r) => r.id === old.id)?.audit).toBeNull();
    expect(rows.find((r) => r.id === fresh.id)?.audit).toEqual({ raw: ["y"] });
  });

  it("never lets parallel reservations pass the daily budget", async () => {
    const reserve = () =>
      withOwner(t.database, "carol", (tx) =>
        new LlmUsageRepository(tx).reserve("carol", "2026-11-30", 300, 1_000),
      );
    const results = await Promise.all(Array.from({ length: 8 }, reserve));
    expect(results.filter(Boolean)).toHaveLength(3);
    const used = await withOwner(t.database, "carol", (tx) =>
      new LlmUsageRepository(tx).used("carol", "2026-11-30"),
    );
    expect(used).toBe(900);
    await withOwner(t.database, "carol", (tx) =>
      new LlmUsageRepository(tx).settle("carol", "2026-11-30", -400),
    );
    expect(
      await withOwner(t.database, "carol", (tx) => new LlmUsageRepository(tx).used("carol", "2026-11-30")),
    ).toBe(500);
    expect(
      await withOwner(t.database, "dave", (tx) => new LlmUsageRepository(tx).used("carol", "2026-11-30")),
    ).toBe(0);
    const total = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM llm_usage`);
    expect((total.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(1);
  });
});
