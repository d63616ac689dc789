import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { JobEventRepository } from "../../../src/db/repositories/job-event-repository.js";
import { JobRepository } from "../../../src/db/repositories/job-repository.js";
import {
  artifactCounters,
  artifacts,
  jobArtifactLatest,
  jobEvents,
  jobs,
  tasks,
} from "../../../src/db/schema.js";
import { isAppError } from "../../../src/errors.js";
import { makeArtifact, makeJob, makeTask } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("job repository tests on PostgreSQL");

describe.each(engines)("JobRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const asAlice = <T>(fn: (repo: JobRepository) => Promise<T>) =>
    withOwner(t.database, "alice", (tx) => fn(new JobRepository(tx)));
  // The system scope sees every owner, so only the repository's own owner filter can protect here.
  const asSystem = <T>(fn: (repo: JobRepository) => Promise<T>) =>
    withSystem(t.database, (tx) => fn(new JobRepository(tx)));

  it("creates a job with defaults and finds it for its owner only", async () => {
    const job = await makeJob(t.database, "alice");
    expect(job).toMatchObject({
      ownerUserId: "alice",
      originalFilename: "cv.pdf",
      parseStatus: "pending",
      cvSectionsConfirmed: false,
      schemaDirty: false,
      sections: null,
    });
    expect(await asAlice((r) => r.findById(job.id, "alice"))).toEqual(job);
    expect(await asSystem((r) => r.findById(job.id, "bob"))).toBeNull();
    expect(
      await withOwner(t.database, "bob", (tx) => new JobRepository(tx).findById(job.id, "bob")),
    ).toBeNull();
    expect(await asAlice((r) => r.findById("not-a-uuid", "alice"))).toBeNull();
    expect(await asAlice((r) => r.findById(randomUUID(), "alice"))).toBeNull();
  });

  it("accepts a caller-chosen id", async () => {
    const id = randomUUID();
    const job = await asAlice((r) => r.create({ id, owner_user_id: "alice" }));
    expect(job.id).toBe(id);
  });

  it("rejects invalid input with validation_failed and writes nothing", async () => {
    const before = await withSystem(t.database, (tx) => tx.select({ n: count() }).from(jobs));
    await expect(asAlice((r) => r.create({ owner_user_id: "alice", size_bytes: -1 }))).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(asAlice((r) => r.create({ owner_user_id: "alice", sha256: "XYZ" }))).rejects.toMatchObject({
      code: "validation_failed",
    });
    const after = await withSystem(t.database, (tx) => tx.select({ n: count() }).from(jobs));
    expect(after).toEqual(before);
  });

  it("lists an owner's jobs newest first in keyset pages without gaps or repeats", async () => {
    const owner = `lister-${randomUUID()}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeJob(t.database, owner, `cv-${i}.pdf`));
    await makeJob(t.database, "bob");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await withOwner(t.database, owner, (tx) =>
        new JobRepository(tx).list(owner, { limit: 2, cursor }),
      );
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    // Every job once; newest first (jobs created within the clock's resolution tie and are ordered by id).
    expect([...seen].sort()).toEqual(made.map((j) => j.id).sort());
    const createdAt = new Map(made.map((j) => [j.id, j.createdAt.getTime()]));
    const times = seen.map((id) => createdAt.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    if (new Set(times).size === times.length) expect(seen).toEqual(made.map((j) => j.id).reverse());
    // Even the system scope lists only the requested owner's jobs.
    const viaSystem = await asSystem((r) => r.list(owner, { limit: 50 }));
    expect(viaSystem.items.every((j) => j.ownerUserId === owner)).toBe(true);
    expect(viaSystem.items).toHaveLength(5);
  });

  it("rejects a malformed cursor with invalid_cursor", async () => {
    for (const cursor of [
      "!!!",
      Buffer.from("[1]").toString("base64url"),
      Buffer.from("{}").toString("base64url"),
      Buffer.from('["1", "00000000-0000-0000-0000-000000000000"]').toString("base64url"),
    ]) {
      await expect(asAlice((r) => r.list("alice", { cursor }))).rejects.toMatchObject({
        code: "invalid_cursor",
      });
    }
  });

  it("updates with a fresh token and advances updated_at strictly", async () => {
    const job = await makeJob(t.database, "alice");
    const first = await asAlice((r) =>
      r.update(
        job.id,
        "alice",
        { sections: { basics: { name: "A" } } },
        { expectedUpdatedAt: job.updatedAt },
      ),
    );
    expect(first?.sections).toEqual({ basics: { name: "A" } });
    expect(first!.updatedAt.getTime()).toBeGreaterThan(job.updatedAt.getTime());
    const second = await asAlice((r) =>
      r.update(job.id, "alice", { parse_status: "parsed" }, { expectedUpdatedAt: first!.updatedAt }),
    );
    expect(second!.updatedAt.getTime()).toBeGreaterThan(first!.updatedAt.getTime());
  });

  it("refuses a stale token with precondition_failed and leaves the row as it was", async () => {
    const job = await makeJob(t.database, "alice");
    const winner = await asAlice((r) =>
      r.update(
        job.id,
        "alice",
        { export_settings: { template: "modern" } },
        { expectedUpdatedAt: job.updatedAt },
      ),
    );
    const error = await asAlice((r) =>
      r.update(
        job.id,
        "alice",
        { export_settings: { template: "compact" } },
        { expectedUpdatedAt: job.updatedAt },
      ),
    ).catch((e: unknown) => e);
    expect(isAppError(error, "precondition_failed")).toBe(true);
    expect(await asAlice((r) => r.findById(job.id, "alice"))).toEqual(winner);
    // An empty patch still checks the token.
    await expect(
      asAlice((r) => r.update(job.id, "alice", {}, { expectedUpdatedAt: job.updatedAt })),
    ).rejects.toMatchObject({ code: "precondition_failed" });
  });

  it("treats another owner's job as missing on update, gates and delete", async () => {
    const job = await makeJob(t.database, "alice");
    expect(await asSystem((r) => r.update(job.id, "bob", { schema_dirty: true }))).toBeNull();
    expect(
      await asSystem((r) =>
        r.update(job.id, "bob", { schema_dirty: true }, { expectedUpdatedAt: job.updatedAt }),
      ),
    ).toBeNull();
    expect(await asSystem((r) => r.confirmSections(job.id, "bob"))).toBeNull();
    expect(await asSystem((r) => r.markSchemaDirty(job.id, "bob"))).toBeNull();
    expect(await asSystem((r) => r.delete(job.id, "bob"))).toBeNull();
    expect(
      await withSystem(t.database, (tx) =>
        tx.transaction((s) => new JobRepository(s).findByIdForUpdate(job.id, "bob")),
      ),
    ).toBeNull();
    expect(await asAlice((r) => r.findById(job.id, "alice"))).toEqual(job);
  });

  it("sets and clears the gates", async () => {
    const job = await makeJob(t.database, "alice");
    const confirmed = await asAlice((r) =>
      r.confirmSections(job.id, "alice", { expectedUpdatedAt: job.updatedAt }),
    );
    expect(confirmed?.cvSectionsConfirmed).toBe(true);
    const dirty = await asAlice((r) => r.markSchemaDirty(job.id, "alice"));
    expect(dirty?.schemaDirty).toBe(true);
    const clean = await asAlice((r) => r.markSchemaDirty(job.id, "alice", false));
    expect(clean?.schemaDirty).toBe(false);
  });

  it("locks a job for update inside a transaction", async () => {
    const job = await makeJob(t.database, "alice");
    const locked = await withOwner(t.database, "alice", (tx) =>
      new JobRepository(tx).findByIdForUpdate(job.id, "alice"),
    );
    expect(locked?.id).toBe(job.id);
  });

  it("deletes a job and cascades to its tasks, events, artifacts, counters and pointers", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    await makeArtifact(t.database, job, "pdf", { task_id: task.id });
    await makeArtifact(t.database, job, "docx");
    await withOwner(t.database, "alice", (tx) =>
      new JobEventRepository(tx).append({
        job_id: job.id,
        owner_user_id: "alice",
        trace_id: randomUUID(),
        event_type: "export.completed",
      }),
    );
    const countFor = () =>
      withSystem(t.database, async (tx) => {
        const n = async (table: typeof tasks | typeof jobEvents | typeof artifacts) =>
          (await tx.select({ n: count() }).from(table).where(eq(table.jobId, job.id)))[0]!.n;
        const counters = await tx
          .select({ n: count() })
          .from(artifactCounters)
          .where(eq(artifactCounters.jobId, job.id));
        const latest = await tx
          .select({ n: count() })
          .from(jobArtifactLatest)
          .where(eq(jobArtifactLatest.jobId, job.id));
        return [await n(tasks), await n(jobEvents), await n(artifacts), counters[0]!.n, latest[0]!.n];
      });
    expect(await countFor()).toEqual([1, 1, 2, 2, 2]);
    const deleted = await asAlice((r) => r.delete(job.id, "alice"));
    expect(deleted?.id).toBe(job.id);
    expect(await countFor()).toEqual([0, 0, 0, 0, 0]);
    expect(await asAlice((r) => r.delete(job.id, "alice"))).toBeNull();
  });
});
