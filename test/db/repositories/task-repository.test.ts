import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { type TaskCreate, TaskRepository } from "../../../src/db/repositories/task-repository.js";
import { tasks } from "../../../src/db/schema.js";
import { makeJob, makeTask } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("task repository tests on PostgreSQL");

describe.each(engines)("TaskRepository on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const create = (owner: string, input: TaskCreate) =>
    withOwner(t.database, owner, (tx) => new TaskRepository(tx).create(input));
  const asSystem = <T>(fn: (repo: TaskRepository) => Promise<T>) =>
    withSystem(t.database, (tx) => fn(new TaskRepository(tx)));
  const rowsWithKey = (key: string) =>
    withSystem(
      t.database,
      async (tx) => (await tx.select({ n: count() }).from(tasks).where(eq(tasks.idempotencyKey, key)))[0]!.n,
    );

  const request = (jobId: string | null, owner: string, key: string): TaskCreate => ({
    job_id: jobId,
    owner_user_id: owner,
    idempotency_key: key,
    task_type: "export",
    input_payload: { formats: ["pdf", "docx"], template: "classic" },
    trace_id: randomUUID(),
  });

  it("creates once per (owner, key) and returns the existing task afterwards", async () => {
    const job = await makeJob(t.database, "alice");
    const key = randomUUID();
    const first = await create("alice", request(job.id, "alice", key));
    expect(first.created).toBe(true);
    expect(first.task).toMatchObject({
      jobId: job.id,
      ownerUserId: "alice",
      idempotencyKey: key,
      status: "queued",
      attempts: 0,
      maxAttempts: 3,
      priority: 0,
      inputPayload: { formats: ["pdf", "docx"], template: "classic" },
    });
    expect(first.task.requestHash).toMatch(/^[0-9a-f]{64}$/);
    // A different trace id and reordered payload keys are the same request.
    const again = await create("alice", {
      ...request(job.id, "alice", key),
      input_payload: { template: "classic", formats: ["pdf", "docx"] },
    });
    expect(again).toEqual({ task: first.task, created: false });
    expect(await rowsWithKey(key)).toBe(1);
  });

  it("refuses the same key for a different request with idempotency_key_reused", async () => {
    const job = await makeJob(t.database, "alice");
    const key = randomUUID();
    const first = await create("alice", request(job.id, "alice", key));
    await expect(
      create("alice", { ...request(job.id, "alice", key), input_payload: { formats: ["zip"] } }),
    ).rejects.toMatchObject({ code: "idempotency_key_reused", details: { task_id: first.task.id } });
    await expect(
      create("alice", { ...request(job.id, "alice", key), task_type: "parse" }),
    ).rejects.toMatchObject({
      code: "idempotency_key_reused",
    });
    expect(await rowsWithKey(key)).toBe(1);
  });

  it("scopes keys per owner", async () => {
    const aliceJob = await makeJob(t.database, "alice");
    const bobJob = await makeJob(t.database, "bob");
    const key = randomUUID();
    const a = await create("alice", request(aliceJob.id, "alice", key));
    const b = await create("bob", request(bobJob.id, "bob", key));
    expect(a.created && b.created).toBe(true);
    expect(a.task.id).not.toBe(b.task.id);
  });

  it("refuses a task on another owner's job as not_found and writes nothing", async () => {
    const aliceJob = await makeJob(t.database, "alice");
    const key = randomUUID();
    await expect(create("bob", request(aliceJob.id, "bob", key))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(create("bob", request(randomUUID(), "bob", key))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(create("bob", request("nope", "bob", key))).rejects.toMatchObject({ code: "not_found" });
    expect(await rowsWithKey(key)).toBe(0);
  });

  it("creates system tasks without a job and honours options", async () => {
    const runAt = new Date(Date.now() + 60_000);
    const { task } = await create("system", {
      ...request(null, "system", randomUUID()),
      task_type: "retention",
      max_attempts: 5,
      priority: -1,
      run_at: runAt,
    });
    expect(task).toMatchObject({ jobId: null, maxAttempts: 5, priority: -1, runAt });
  });

  it("rejects bad input with a typed error", async () => {
    const job = await makeJob(t.database, "alice");
    await expect(
      create("alice", { ...request(job.id, "alice", randomUUID()), trace_id: "x" }),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(create("alice", request(job.id, "alice", ""))).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      create("alice", { ...request(job.id, "alice", randomUUID()), max_attempts: 0 }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    // NUL cannot be stored in text or jsonb: bad input, not a server error.
    await expect(
      create("alice", { ...request(job.id, "alice", randomUUID()), input_payload: { text: "a\u0000b" } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(create("alice", request(job.id, "alice", "key\u0000"))).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("reads tasks for their owner only", async () => {
    const job = await makeJob(t.database, "alice");
    const task = await makeTask(t.database, job);
    const alice = (fn: (r: TaskRepository) => Promise<unknown>) =>
      withOwner(t.database, "alice", (tx) => fn(new TaskRepository(tx)));
    expect(await alice((r) => r.findById(task.id, "alice"))).toEqual(task);
    expect(await alice((r) => r.findByIdempotencyKey("alice", task.idempotencyKey))).toEqual(task);
    expect(await alice((r) => r.findById("nope", "alice"))).toBeNull();
    // Through the system scope only the repository's owner filter stands between bob and alice's task.
    expect(await asSystem((r) => r.findById(task.id, "bob"))).toBeNull();
    expect(await asSystem((r) => r.findByIdempotencyKey("bob", task.idempotencyKey))).toBeNull();
    expect(await asSystem((r) => r.listByJob(job.id, "bob"))).toEqual({ items: [], nextCursor: null });
    expect(
      await withOwner(t.database, "bob", (tx) => new TaskRepository(tx).findById(task.id, "bob")),
    ).toBeNull();
  });

  it("lists a job's tasks oldest first in keyset pages", async () => {
    const job = await makeJob(t.database, "alice");
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeTask(t.database, job));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await withOwner(t.database, "alice", (tx) =>
        new TaskRepository(tx).listByJob(job.id, "alice", { limit: 2, cursor }),
      );
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((x) => x.id));
  });
});
