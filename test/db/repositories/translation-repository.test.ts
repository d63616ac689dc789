import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner } from "../../../src/db/owner-scope.js";
import { TranslationRepository } from "../../../src/db/repositories/translation-repository.js";
import { makeJob } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("translation repository tests on PostgreSQL");

describe.each(engines)("TranslationRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const as = <T>(owner: string, fn: (r: TranslationRepository) => Promise<T>) =>
    withOwner(t.database, owner, (tx) => fn(new TranslationRepository(tx)));
  const create = (owner: string, jobId: string, language = "de") =>
    as(owner, (r) => r.create({ job_id: jobId, owner_user_id: owner, language, engine: "copy" }));

  it("keeps one translation per job and language, invisible to other owners", async () => {
    const job = await makeJob(t.database, "alice");
    const row = await create("alice", job.id);
    expect(row).toMatchObject({ jobId: job.id, language: "de", sections: null, fields: {} });
    await expect(create("alice", job.id)).rejects.toMatchObject({ code: "conflict" });
    await create("alice", job.id, "fr");
    expect((await as("alice", (r) => r.listByJob(job.id, "alice"))).map((x) => x.language)).toEqual([
      "de",
      "fr",
    ]);
    expect((await as("alice", (r) => r.findByLanguage(job.id, "fr", "alice")))?.language).toBe("fr");
    expect(await as("bob", (r) => r.findById(row.id, "bob"))).toBeNull();
    // Row-level security alone hides it too, even when the filter names the real owner.
    expect(await as("bob", (r) => r.findById(row.id, "alice"))).toBeNull();
    expect(await as("bob", (r) => r.listByJob(job.id, "alice"))).toEqual([]);
    await expect(create("bob", job.id, "es")).rejects.toMatchObject({ code: "not_found" });
    expect(await as("bob", (r) => r.delete(row.id, "alice"))).toBe(false);
  });

  it("refuses a language tag that is not one and a stale update token", async () => {
    const job = await makeJob(t.database, "alice");
    await expect(create("alice", job.id, "DE; drop")).rejects.toMatchObject({ code: "validation_failed" });
    const row = await create("alice", job.id, "pl");
    const first = await as("alice", (r) =>
      r.update(
        row.id,
        "alice",
        { fields: { "basics.summary": { source_sha256: "0".repeat(64), state: "edited" } } },
        { expectedUpdatedAt: row.updatedAt },
      ),
    );
    expect(first.updatedAt.getTime()).toBeGreaterThan(row.updatedAt.getTime());
    await expect(
      as("alice", (r) => r.update(row.id, "alice", { fields: {} }, { expectedUpdatedAt: row.updatedAt })),
    ).rejects.toMatchObject({ code: "precondition_failed" });
    await expect(as("bob", (r) => r.update(row.id, "bob", { fields: {} }))).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await as("alice", (r) => r.delete(row.id, "alice"))).toBe(true);
    expect(await as("alice", (r) => r.findById(row.id, "alice"))).toBeNull();
  });
});
