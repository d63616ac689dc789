import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { JobEventRepository } from "../../../src/db/repositories/job-event-repository.js";
import { jobEvents } from "../../../src/db/schema.js";
import { makeJob, makeTask } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("job event repository tests on PostgreSQL");

describe.each(engines)("JobEventRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const append = (owner: string, jobId: string, eventType: string, extra: { task_id?: string } = {}) =>
    withOwner(t.database, owner, (tx) =>
      new JobEventRepository(tx).append({
        job_id: jobId,
        owner_user_id: owner,
        trace_id: randomUUID(),
        event_type: eventType,
        payload: { step: eventType },
        ...extra,
      }),
    );

  it("appends events and lists them oldest first in keyset pages", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    const made = [];
    for (const type of ["job.created", "task.queued", "task.running", "task.completed", "export.ready"]) {
      made.push(await append("alice", job.id, type, { task_id: task.id }));
    }
    expect(made[0]).toMatchObject({
      jobId: job.id,
      ownerUserId: "alice",
      taskId: task.id,
      payload: { step: "job.created" },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await withOwner(t.database, "alice", (tx) =>
        new JobEventRepository(tx).listByJob(job.id, "alice", { limit: 2, cursor }),
      );
      seen.push(...page.items.map((e) => e.eventType));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["job.created", "task.queued", "task.running", "task.completed", "export.ready"]);
  });

  it("refuses to append to another owner's job and writes nothing", async () => {
    const job = await makeJob(t.database, "alice");
    await expect(append("bob", job.id, "edit")).rejects.toMatchObject({ code: "not_found" });
    // Even on the cross-owner path the owner argument must match the job's owner.
    await expect(
      withSystem(t.database, (tx) =>
        new JobEventRepository(tx).append({
          job_id: job.id,
          owner_user_id: "bob",
          trace_id: randomUUID(),
          event_type: "x",
        }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    const rows = await withSystem(t.database, (tx) =>
      tx.select().from(jobEvents).where(eq(jobEvents.jobId, job.id)),
    );
    expect(rows).toEqual([]);
  });

  it("lists nothing for another owner", async () => {
    const job = await makeJob(t.database, "alice");
    await append("alice", job.id, "job.created");
    const page = await withSystem(t.database, (tx) => new JobEventRepository(tx).listByJob(job.id, "bob"));
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it("rejects bad input with typed errors", async () => {
    const job = await makeJob(t.database, "alice");
    await expect(append("alice", "nope", "x")).rejects.toMatchObject({ code: "not_found" });
    await expect(append("alice", job.id, "")).rejects.toMatchObject({ code: "validation_failed" });
    await expect(append("alice", job.id, "x", { task_id: "nope" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      withOwner(t.database, "alice", (tx) =>
        new JobEventRepository(tx).listByJob(job.id, "alice", { cursor: "eA" }),
      ),
    ).rejects.toMatchObject({ code: "invalid_cursor" });
  });

  it("keeps events append-only", async () => {
    const job = await makeJob(t.database, "alice");
    const event = await append("alice", job.id, "job.created");
    await expect(
      withSystem(t.database, (tx) =>
        tx.execute(sql`UPDATE job_events SET event_type = 'forged' WHERE id = ${event.id}`),
      ),
    ).rejects.toThrow();
  });
});
