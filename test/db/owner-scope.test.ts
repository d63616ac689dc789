import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../src/db/owner-scope.js";
import { JobEventRepository } from "../../src/db/repositories/job-event-repository.js";
import { artifacts, jobEvents, jobs, tasks } from "../../src/db/schema.js";
import { artifactInput, makeArtifact, makeJob, makeTask } from "../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

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

describe.each(["postgres", "pglite"] as const)(
  "row-level security on every owner-scoped table on %s",
  (engine) => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ engine: engine === "pglite" ? "pglite" : undefined });
      for (const owner of ["alice", "bob"]) {
        const job = await makeJob(t.database, owner);
        const task = await makeTask(t.database, job);
        await makeArtifact(t.database, job, "pdf", { task_id: task.id });
        await withOwner(t.database, owner, (tx) =>
          new JobEventRepository(tx).append({
            job_id: job.id,
            owner_user_id: owner,
            trace_id: randomUUID(),
            event_type: "job.created",
          }),
        );
      }
    });
    afterAll(() => t.drop());

    // Each query below deliberately forgets the owner filter; only the policies stand between owners.
    it("shows only the owner's rows to unfiltered reads", async () => {
      const owners = await withOwner(t.database, "alice", async (tx) => ({
        jobs: (await tx.select().from(jobs)).map((r) => r.ownerUserId),
        tasks: (await tx.select().from(tasks)).map((r) => r.ownerUserId),
        artifacts: (await tx.select().from(artifacts)).map((r) => r.ownerUserId),
        events: (await tx.select().from(jobEvents)).map((r) => r.ownerUserId),
        raw: (await tx.execute(sql`SELECT owner_user_id FROM tasks`)).rows.map((r) => r.owner_user_id),
      }));
      expect(owners).toEqual({
        jobs: ["alice"],
        tasks: ["alice"],
        artifacts: ["alice"],
        events: ["alice"],
        raw: ["alice"],
      });
    });

    it("hides and protects other owners' version counters and latest pointers", async () => {
      const jobOf = async (owner: string) =>
        (
          await withSystem(t.database, (tx) => tx.select().from(jobs).where(sql`owner_user_id = ${owner}`))
        )[0]!.id;
      const [alice, bob] = [await jobOf("alice"), await jobOf("bob")];
      const seen = await withOwner(t.database, "alice", async (tx) => ({
        counters: (await tx.execute(sql`SELECT job_id FROM artifact_counters`)).rows.map((r) => r.job_id),
        latest: (await tx.execute(sql`SELECT job_id FROM job_artifact_latest`)).rows.map((r) => r.job_id),
        // An unfiltered write moves only the owner's counters.
        bumped: (
          await tx.execute(sql`UPDATE artifact_counters SET next_version = next_version RETURNING job_id`)
        ).rows.length,
      }));
      expect(seen).toEqual({ counters: [alice], latest: [alice], bumped: 1 });
      await expect(
        withOwner(t.database, "alice", (tx) =>
          tx.execute(
            sql`INSERT INTO artifact_counters (job_id, kind, next_version) VALUES (${bob}, 'docx', 1)`,
          ),
        ),
      ).rejects.toThrow();
    });

    it("limits unfiltered updates and deletes to the owner's rows", async () => {
      const changed = await withOwner(t.database, "alice", async (tx) => ({
        jobs: (await tx.update(jobs).set({ schemaDirty: true }).returning()).length,
        tasks: (await tx.update(tasks).set({ stage: "touched" }).returning()).length,
      }));
      expect(changed).toEqual({ jobs: 1, tasks: 1 });
      const bobs = await withSystem(t.database, (tx) =>
        tx.select().from(tasks).where(sql`${tasks.ownerUserId} = 'bob'`),
      );
      expect(bobs.map((r) => r.stage)).toEqual([null]);
      // A delete without a filter inside bob's scope removes only bob's artifacts.
      const deleted = await withOwner(t.database, "bob", (tx) => tx.delete(artifacts).returning());
      expect(deleted.map((r) => r.ownerUserId)).toEqual(["bob"]);
      const left = await withSystem(t.database, (tx) => tx.select().from(artifacts));
      expect(left.map((r) => r.ownerUserId)).toEqual(["alice"]);
    });

    it("refuses rows written for another owner on every table", async () => {
      const bobJob = (
        await withSystem(t.database, (tx) => tx.select().from(jobs).where(sql`owner_user_id = 'bob'`))
      )[0]!;
      await expect(
        withOwner(t.database, "alice", (tx) =>
          tx
            .insert(jobEvents)
            .values({ jobId: bobJob.id, ownerUserId: "bob", traceId: randomUUID(), eventType: "forged" }),
        ),
      ).rejects.toThrow();
      await expect(
        withOwner(t.database, "alice", (tx) =>
          tx.insert(artifacts).values({ ...toColumns(artifactInput(bobJob)), version: 99 }),
        ),
      ).rejects.toThrow();
    });
  },
);

function toColumns(input: ReturnType<typeof artifactInput>) {
  return {
    jobId: input.job_id,
    ownerUserId: input.owner_user_id,
    taskId: input.task_id,
    kind: input.kind,
    language: input.language,
    blobPath: input.blob_path,
    filename: input.filename,
    contentType: input.content_type,
    sizeBytes: input.size_bytes,
    sha256: input.sha256,
  };
}
