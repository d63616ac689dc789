import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "../../../src/db/client.js";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../../src/db/repositories/artifact-repository.js";
import {
  type ArtifactKind,
  type ArtifactRow,
  artifactCounters,
  artifacts,
  type JobRow,
} from "../../../src/db/schema.js";
import { artifactInput, makeArtifact, makeJob, makeTask } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("artifact repository tests on PostgreSQL");

describe.each(engines)("ArtifactRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const as = <T>(owner: string, fn: (repo: ArtifactRepository<Tx>) => Promise<T>) =>
    withOwner(t.database, owner, (tx) => fn(new ArtifactRepository(tx)));
  const asSystem = <T>(fn: (repo: ArtifactRepository<Tx>) => Promise<T>) =>
    withSystem(t.database, (tx) => fn(new ArtifactRepository(tx)));
  const counterOf = (job: JobRow, kind: ArtifactKind) =>
    withSystem(t.database, async (tx) => {
      const [row] = await tx
        .select()
        .from(artifactCounters)
        .where(and(eq(artifactCounters.jobId, job.id), eq(artifactCounters.kind, kind)));
      return row?.nextVersion ?? null;
    });
  const expire = (id: string) =>
    withSystem(t.database, (tx) =>
      tx.update(artifacts).set({ expiresAt: sql`now() - interval '1 day'` }).where(eq(artifacts.id, id)),
    );

  it("allocates versions 1, 2, 3 per (job, kind)", async () => {
    const job = await makeJob(t.database, "alice");
    const pdf = [];
    for (let i = 0; i < 3; i++)
      pdf.push(await as("alice", (r) => r.allocateVersion(job.id, "pdf", "en", "alice")));
    expect(pdf).toEqual([1, 2, 3]);
    expect(await as("alice", (r) => r.allocateVersion(job.id, "docx", "en", "alice"))).toBe(1);
  });

  it("refuses to allocate on another owner's job and leaves the counter alone", async () => {
    const job = await makeJob(t.database, "alice");
    await as("alice", (r) => r.allocateVersion(job.id, "pdf", "en", "alice"));
    await expect(as("bob", (r) => r.allocateVersion(job.id, "pdf", "en", "bob"))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(asSystem((r) => r.allocateVersion(job.id, "pdf", "en", "bob"))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(asSystem((r) => r.allocateVersion(job.id, "zip", "en", "bob"))).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await counterOf(job, "pdf")).toBe(1);
    expect(await counterOf(job, "zip")).toBeNull();
    await expect(
      as("alice", (r) => r.allocateVersion(job.id, "exe" as ArtifactKind, "en", "alice")),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("creates an artifact for an allocated version, only on the owner's job and task", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    const bobJob = await makeJob(t.database, "bob");
    const bobTask = await makeTask(t.database, bobJob);
    const version = await as("alice", (r) => r.allocateVersion(job.id, "zip", "en", "alice"));
    const created = await as("alice", (r) => r.create({ ...artifactInput(job, "zip", task.id), version }));
    expect(created).toMatchObject({
      jobId: job.id,
      taskId: task.id,
      kind: "zip",
      version: 1,
      isZip: true,
      sizeBytes: 1234,
    });
    expect(created.expiresAt.getTime() - created.createdAt.getTime()).toBeGreaterThan(89 * 86_400_000);
    await expect(
      as("bob", (r) => r.create({ ...artifactInput(job, "pdf"), owner_user_id: "bob", version: 1 })),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      as("alice", (r) => r.create({ ...artifactInput(job, "pdf", bobTask.id), version: 1 })),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      as("alice", (r) => r.create({ ...artifactInput(job, "zip"), version })),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      as("alice", (r) => r.create({ ...artifactInput(job, "pdf"), version: 0 })),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("never moves the latest pointer backwards", async () => {
    const job = await makeJob(t.database, "alice");
    const [v1, v2] = await as("alice", async (r) => {
      const made: ArtifactRow[] = [];
      for (let i = 0; i < 2; i++) {
        const version = await r.allocateVersion(job.id, "pdf", "en", "alice");
        made.push(await r.create({ ...artifactInput(job), version }));
      }
      return made;
    });
    expect(await as("alice", (r) => r.updateLatestPointer(job.id, "pdf", v2!.id, 2, "alice"))).toBe(true);
    expect(await as("alice", (r) => r.updateLatestPointer(job.id, "pdf", v1!.id, 1, "alice"))).toBe(false);
    expect((await as("alice", (r) => r.getLatest(job.id, "pdf", "en", "alice")))?.id).toBe(v2!.id);
    // Mismatched version, kind or owner is not_found, and the pointer stays.
    await expect(
      as("alice", (r) => r.updateLatestPointer(job.id, "pdf", v1!.id, 9, "alice")),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      as("alice", (r) => r.updateLatestPointer(job.id, "docx", v2!.id, 2, "alice")),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      asSystem((r) => r.updateLatestPointer(job.id, "pdf", v2!.id, 2, "bob")),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await as("alice", (r) => r.getLatest(job.id, "pdf", "en", "alice")))?.version).toBe(2);
  });

  it("creates next versions gaplessly and moves the pointer with them", async () => {
    const job = await makeJob(t.database, "alice");
    const made: ArtifactRow[] = [];
    for (let i = 0; i < 3; i++) made.push(await makeArtifact(t.database, job));
    expect(made.map((a) => a.version)).toEqual([1, 2, 3]);
    expect(await as("alice", (r) => r.getLatest(job.id, "pdf", "en", "alice"))).toEqual(made[2]);
  });

  it("gives the version back when the insert fails, so no gap appears", async () => {
    const job = await makeJob(t.database, "alice");
    const first = await makeArtifact(t.database, job);
    // Same blob path: the insert fails inside createNextVersion's savepoint.
    await expect(makeArtifact(t.database, job, "pdf", { blob_path: first.blobPath })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await counterOf(job, "pdf")).toBe(1);
    expect((await makeArtifact(t.database, job)).version).toBe(2);
  });

  it("returns a retried task's artifact instead of making a second one", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    const first = await as("alice", (r) => r.createNextVersion(artifactInput(job, "pdf", task.id)));
    const retry = await as("alice", (r) => r.createNextVersion(artifactInput(job, "pdf", task.id)));
    expect(first.created).toBe(true);
    expect(retry).toEqual({ artifact: first.artifact, created: false });
    expect(await counterOf(job, "pdf")).toBe(1);
    expect(await as("alice", (r) => r.findByTask(task.id, "pdf", "en", "alice"))).toEqual(first.artifact);
  });

  it("refuses createNextVersion on another owner's job", async () => {
    const job = await makeJob(t.database, "alice");
    await expect(
      as("bob", (r) => r.createNextVersion({ ...artifactInput(job), owner_user_id: "bob" })),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await counterOf(job, "pdf")).toBeNull();
  });

  it("shows the latest plus the five before it, newest first (8 versions: 6 visible)", async () => {
    const job = await makeJob(t.database, "alice");
    for (let i = 0; i < 8; i++) await makeArtifact(t.database, job);
    await makeArtifact(t.database, job, "docx");
    const pdf = await as("alice", (r) => r.listVisible(job.id, "alice", { kind: "pdf" }));
    expect(pdf.map((a) => a.version)).toEqual([8, 7, 6, 5, 4, 3]);
    expect(pdf.map((a) => a.isLatest)).toEqual([true, false, false, false, false, false]);
    const all = await as("alice", (r) => r.listVisible(job.id, "alice"));
    expect(all.map((a) => `${a.kind}${a.version}`)).toEqual([
      "docx1",
      "pdf8",
      "pdf7",
      "pdf6",
      "pdf5",
      "pdf4",
      "pdf3",
    ]);
  });

  it("counts versions per language: the German PDF has its own series, listed and pointed to apart", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    for (let i = 0; i < 3; i++) await makeArtifact(t.database, job);
    const de = [];
    for (let i = 0; i < 2; i++) de.push(await makeArtifact(t.database, job, "pdf", { language: "de" }));
    expect(de.map((a) => a.version)).toEqual([1, 2]);
    const all = await as("alice", (r) => r.listVisible(job.id, "alice", { kind: "pdf" }));
    expect(all.map((a) => `${a.language}${a.version}${a.isLatest ? "*" : ""}`)).toEqual([
      "de2*",
      "de1",
      "en3*",
      "en2",
      "en1",
    ]);
    const german = await as("alice", (r) => r.listVisible(job.id, "alice", { language: "de" }));
    expect(german.map((a) => a.id)).toEqual([de[1]!.id, de[0]!.id]);
    expect((await as("alice", (r) => r.getLatest(job.id, "pdf", "de", "alice")))?.id).toBe(de[1]!.id);
    expect((await as("alice", (r) => r.getLatest(job.id, "pdf", "en", "alice")))?.version).toBe(3);
    // One task writes one file per kind and language; a retry finds each of them.
    const en = await as("alice", (r) => r.createNextVersion(artifactInput(job, "docx", task.id)));
    const fr = await as("alice", (r) =>
      r.createNextVersion({ ...artifactInput(job, "docx", task.id), language: "fr" }),
    );
    expect([en.created, fr.created, en.artifact.version, fr.artifact.version]).toEqual([true, true, 1, 1]);
    const again = await as("alice", (r) =>
      r.createNextVersion({ ...artifactInput(job, "docx", task.id), language: "fr" }),
    );
    expect(again).toEqual({ artifact: fr.artifact, created: false });
    await expect(
      as("alice", (r) => r.createNextVersion({ ...artifactInput(job), language: "German" })),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("hides expired versions except the latest", async () => {
    const job = await makeJob(t.database, "alice");
    const made: ArtifactRow[] = [];
    for (let i = 0; i < 4; i++) made.push(await makeArtifact(t.database, job));
    await expire(made[1]!.id);
    await expire(made[3]!.id);
    const visible = await as("alice", (r) => r.listVisible(job.id, "alice", { kind: "pdf" }));
    expect(visible.map((a) => [a.version, a.isLatest])).toEqual([
      [4, true],
      [3, false],
      [1, false],
    ]);
    expect(await as("alice", (r) => r.findVisibleById(made[1]!.id, "alice"))).toBeNull();
    expect((await as("alice", (r) => r.findVisibleById(made[3]!.id, "alice")))?.isLatest).toBe(true);
    expect((await as("alice", (r) => r.getLatest(job.id, "pdf", "en", "alice")))?.id).toBe(made[3]!.id);
  });

  it("does not let an old version slide into view when a newer one expires", async () => {
    const job = await makeJob(t.database, "alice");
    const made: ArtifactRow[] = [];
    for (let i = 0; i < 7; i++) made.push(await makeArtifact(t.database, job));
    await expire(made[3]!.id);
    const visible = await as("alice", (r) => r.listVisible(job.id, "alice", { kind: "pdf" }));
    expect(visible.map((a) => a.version)).toEqual([7, 6, 5, 3, 2]);
    expect(await as("alice", (r) => r.findVisibleById(made[0]!.id, "alice"))).toBeNull();
  });

  it("treats another owner's artifacts as missing on every read", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    const artifact = await makeArtifact(t.database, job, "pdf", { task_id: task.id });
    for (const run of [asSystem, <T>(fn: (r: ArtifactRepository<Tx>) => Promise<T>) => as("bob", fn)]) {
      expect(await run((r) => r.findById(artifact.id, "bob"))).toBeNull();
      expect(await run((r) => r.findVisibleById(artifact.id, "bob"))).toBeNull();
      expect(await run((r) => r.findByTask(task.id, "pdf", "en", "bob"))).toBeNull();
      expect(await run((r) => r.getLatest(job.id, "pdf", "en", "bob"))).toBeNull();
      expect(await run((r) => r.listVisible(job.id, "bob"))).toEqual([]);
    }
    expect(await as("alice", (r) => r.findById(artifact.id, "alice"))).toEqual(artifact);
    expect(await as("alice", (r) => r.findById(randomUUID(), "alice"))).toBeNull();
    expect(await as("alice", (r) => r.listVisible("nope", "alice"))).toEqual([]);
  });
});
