import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import {
  allocateVersionNow,
  createTaskNow,
  findTaskNow,
} from "../../../src/db/repositories/one-round-trip.js";
import type { TaskCreate } from "../../../src/db/repositories/task-repository.js";
import { TaskRepository } from "../../../src/db/repositories/task-repository.js";
import { tasks } from "../../../src/db/schema.js";
import { makeJob } from "../../support/data-fixtures.js";
import { createTestDatabase, hasPostgres, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("one-round-trip repository calls on PostgreSQL");
const postgres = await hasPostgres();

describe.each(engines)("one-round-trip calls on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine, poolMax: 20 });
  });
  afterAll(() => t.drop());

  const request = (jobId: string, owner: string, key: string = randomUUID()): TaskCreate => ({
    job_id: jobId,
    owner_user_id: owner,
    idempotency_key: key,
    task_type: "parse",
    input_payload: { note: "it's \\ fine" },
    trace_id: randomUUID(),
  });
  const rowsWithKey = (key: string) =>
    withSystem(
      t.database,
      async (tx) => (await tx.select({ n: count() }).from(tasks).where(eq(tasks.idempotencyKey, key)))[0]!.n,
    );

  it("allocates versions and refuses another owner's job", async () => {
    const job = await makeJob(t.database, "alice");
    expect(await allocateVersionNow(t.database, job.id, "pdf", "en", "alice")).toBe(1);
    expect(await allocateVersionNow(t.database, job.id, "pdf", "en", "alice")).toBe(2);
    await expect(allocateVersionNow(t.database, job.id, "pdf", "en", "bob")).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await allocateVersionNow(t.database, job.id, "pdf", "en", "alice")).toBe(3);
  });

  it("creates, replays and refuses reuse exactly like the repository", async () => {
    const job = await makeJob(t.database, "alice");
    const input = request(job.id, "alice");
    const first = await createTaskNow(t.database, input);
    expect(first.created).toBe(true);
    expect(first.task.inputPayload).toEqual({ note: "it's \\ fine" });
    const viaRepository = await withOwner(t.database, "alice", (tx) =>
      new TaskRepository(tx).findById(first.task.id, "alice"),
    );
    expect(first.task).toEqual(viaRepository);
    expect(await findTaskNow(t.database, first.task.id, "alice")).toEqual(viaRepository);
    expect(await findTaskNow(t.database, first.task.id, "bob")).toBeNull();
    expect(await findTaskNow(t.database, "nope", "alice")).toBeNull();
    const replay = await createTaskNow(t.database, { ...input, trace_id: randomUUID() });
    expect(replay).toEqual({ task: first.task, created: false });
    await expect(createTaskNow(t.database, { ...input, task_type: "export" })).rejects.toMatchObject({
      code: "idempotency_key_reused",
    });
    await expect(createTaskNow(t.database, request(job.id, "bob"))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      createTaskNow(t.database, { ...request(job.id, "alice"), max_attempts: 0 }),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(createTaskNow(t.database, request(job.id, "alice", "nul\u0000key"))).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      createTaskNow(t.database, { ...request(job.id, "alice"), input_payload: { text: "a\u0000b" } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await rowsWithKey(input.idempotency_key)).toBe(1);
  });

  it.skipIf(engine !== "postgres" || !postgres)(
    "gives 100 concurrent creates with one key one row and every caller its id",
    async () => {
      const job = await makeJob(t.database, "alice");
      const input = request(job.id, "alice");
      const results = await Promise.all(Array.from({ length: 100 }, () => createTaskNow(t.database, input)));
      expect(new Set(results.map((r) => r.task.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await rowsWithKey(input.idempotency_key)).toBe(1);
    },
  );

  it.skipIf(engine !== "postgres" || !postgres)(
    "hands out 1..200 to 200 concurrent allocations",
    async () => {
      const job = await makeJob(t.database, "alice");
      const versions = await Promise.all(
        Array.from({ length: 200 }, () => allocateVersionNow(t.database, job.id, "docx", "en", "alice")),
      );
      expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    },
  );
});
