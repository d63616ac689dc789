/**
 * Guarantees of the engine's hot path on real PostgreSQL: a bad result fails
 * only its own task (never the batch it was completed with), the claim order
 * is fair across owners, bulk enqueue is idempotent, and nothing internal
 * (host names, raw error texts) reaches what users read.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { withOwner, withSystem } from "../../src/db/owner-scope.js";
import { JobRepository } from "../../src/db/repositories/job-repository.js";
import { isAppError } from "../../src/errors.js";
import { createLogger } from "../../src/observability/logger.js";
import { CompletionBatcher } from "../../src/tasks/completion-batcher.js";
import { enqueueTasks, enqueueTasksNow } from "../../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { claimTasks } from "../../src/tasks/sql/claim-tasks.js";
import { scopedExec } from "../../src/tasks/sql/exec.js";
import { defineHandler } from "../../src/tasks/types.js";
import { createWorker, type Worker, type WorkerEvents } from "../../src/tasks/worker.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../support/database.js";
import { nextEvent } from "./support/wait-for.js";

const logger = createLogger({ level: "silent" });

/** Returns the result it was given, once the test lets every started attempt go at the same moment. */
const release = new EventEmitter();
const resultHandler = defineHandler({
  type: "test.result",
  input: z.object({ kind: z.enum(["good", "surrogate", "nul", "huge", "nul-key"]) }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  async run(input) {
    await new Promise((resolve) => release.once("go", resolve));
    switch (input.kind) {
      case "surrogate":
        return { reason: `${"x".repeat(79)}\ud83d` }; // an emoji cut in half by a slice
      case "nul":
        return { text: "a\u0000b" };
      case "nul-key":
        return { "k\u0000": 1 };
      case "huge":
        return { text: "y".repeat(1_100_000) };
      default:
        return { ok: true };
    }
  },
});

const crashHandler = defineHandler({
  type: "test.crash",
  input: z.object({}),
  timeoutMs: 60_000,
  retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  async run() {
    throw new Error("connect ECONNREFUSED 10.1.2.3:5432 (db-primary-7f9c.internal)");
  },
});

const plainHandler = defineHandler({
  type: "test.plain",
  input: z.object({ n: z.number() }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  fairSpacingMs: 1_000,
  async run() {
    return {};
  },
});

const registry = createHandlerRegistry([resultHandler, crashHandler, plainHandler]);

describe.skipIf(!(await hasPostgres()))("task engine guarantees (PostgreSQL)", () => {
  let t: TestDatabase;
  const workers: Worker[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ engine: "postgres" });
  });
  afterAll(async () => {
    await t?.drop();
  });
  afterEach(async () => {
    release.emit("go");
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await t.database.db.execute(sql`TRUNCATE jobs, tasks, job_events CASCADE`);
  });

  const task = (
    owner: string,
    type: string,
    input: Record<string, unknown>,
    jobId: string | null = null,
  ) => ({
    job_id: jobId,
    owner_user_id: owner,
    idempotency_key: randomUUID(),
    task_type: type,
    input_payload: input,
    trace_id: randomUUID(),
  });

  async function rows() {
    const result = await t.database.db.execute(
      sql`SELECT id, owner_user_id, status, attempts, error_code, error_message, result FROM tasks`,
    );
    return new Map(result.rows.map((r) => [r.id as string, r]));
  }

  it("one task's unstorable result fails only that task; the others in its batch (other owners') complete", async () => {
    const kinds = ["good", "surrogate", "good", "nul", "good", "huge", "nul-key", "good"] as const;
    const ids: string[] = [];
    for (const [i, kind] of kinds.entries()) {
      const [created] = await enqueueTasksNow(t.database, registry, [
        task(`owner-${i % 3}`, resultHandler.type, { kind }),
      ]);
      ids.push(created?.id as string);
    }
    const worker = createWorker({
      database: t.database,
      registry,
      logger,
      concurrency: kinds.length,
      leaseSeconds: 30,
      pollIntervalMs: 600_000,
      shutdownGraceMs: 5_000,
    });
    workers.push(worker);
    const settled = new Map<string, string>();
    const allSettled = new Promise<void>((resolve) =>
      worker.events.on("settled", ({ task: s, outcome }: WorkerEvents["settled"][0]) => {
        settled.set(s.id, outcome);
        if (settled.size === kinds.length) resolve();
      }),
    );
    let claimed = 0;
    const allClaimed = new Promise<void>((resolve) =>
      worker.events.on("claimed", () => {
        if (++claimed === kinds.length) resolve();
      }),
    );
    await worker.start();
    await allClaimed;
    // Every handler returns in the same turn of the event loop, so the completions form one batch.
    await new Promise((resolve) => setImmediate(resolve));
    release.emit("go");
    await allSettled;

    const after = await rows();
    for (const [i, kind] of kinds.entries()) {
      const row = after.get(ids[i] as string);
      if (kind === "good") {
        expect(row, `task ${i}`).toMatchObject({ status: "completed", attempts: 1, result: { ok: true } });
      } else {
        expect(row, `task ${i} (${kind})`).toMatchObject({
          status: "failed",
          attempts: 1,
          error_code: "task_result_invalid",
        });
      }
    }
  });

  it("a batch the database refuses is split until the refused completion stands alone", async () => {
    const created = await enqueueTasksNow(
      t.database,
      registry,
      Array.from({ length: 5 }, (_, n) => task("owner-split", plainHandler.type, { n })),
    );
    const claimed = await claimTasks(scopedExec(t.database), {
      workerId: "split",
      limit: 5,
      leaseSeconds: 30,
      budgets: [{ taskType: plainHandler.type, timeoutMs: 60_000 }],
    });
    expect(claimed).toHaveLength(5);
    const batcher = new CompletionBatcher({
      database: t.database,
      clock: undefined,
      persist: (fn) => fn(),
      serial: (fn) => fn(),
      logger,
    });
    // Bypasses the worker's own check of results: the database must refuse this one.
    const outcomes = await Promise.all(
      claimed.map((c, i) =>
        batcher.add({
          id: c.id,
          leaseToken: c.leaseToken,
          resultJson: JSON.stringify(i === 2 ? { bad: "\ud800" } : { i }),
        }),
      ),
    );
    expect(outcomes.filter((o) => o === true)).toHaveLength(4);
    expect(isAppError(outcomes[2], "task_result_invalid")).toBe(true);
    const after = await rows();
    expect([...after.values()].filter((r) => r.status === "completed")).toHaveLength(4);
    expect(created).toHaveLength(5);
  });

  it("claims fairly across owners: a later owner's tasks are not stuck behind another owner's burst", async () => {
    await enqueueTasksNow(
      t.database,
      registry,
      Array.from({ length: 200 }, (_, n) => task("heavy", plainHandler.type, { n })),
    );
    await enqueueTasksNow(t.database, registry, [
      task("light", plainHandler.type, { n: 0 }),
      task("light", plainHandler.type, { n: 1 }),
    ]);
    const claimed = await claimTasks(scopedExec(t.database), {
      workerId: "fair",
      limit: 6,
      leaseSeconds: 30,
      budgets: [{ taskType: plainHandler.type, timeoutMs: 60_000 }],
    });
    const owners = claimed.map((c) => c.ownerUserId);
    expect(owners.filter((o) => o === "light")).toHaveLength(2);
    // Within one owner the order stays first come, first served.
    const heavy = claimed.filter((c) => c.ownerUserId === "heavy").map((c) => c.inputPayload.n);
    expect(heavy).toEqual([...heavy].sort((a, b) => Number(a) - Number(b)));
  });

  it("bulk enqueue spaces each owner's tasks on that owner's own clock, also when owners share one call", async () => {
    // Interleaved owners: a has 3 tasks, b has 2; b's first task must not wait behind a's.
    const inputs = ["a", "b", "a", "a", "b"].map((owner, n) => task(owner, plainHandler.type, { n }));
    await withSystem(t.database, (tx) => enqueueTasks(tx, registry, inputs));
    const result = await t.database.db.execute(
      sql`SELECT owner_user_id, (input_payload->>'n')::int AS n,
                 extract(epoch FROM fair_at - min(fair_at) OVER ()) * 1000 AS after_ms
          FROM tasks ORDER BY n`,
    );
    expect(result.rows.map((r) => [r.owner_user_id, Number(r.n), Math.round(Number(r.after_ms))])).toEqual([
      ["a", 0, 0],
      ["b", 1, 0],
      ["a", 2, 1_000],
      ["a", 3, 2_000],
      ["b", 4, 1_000],
    ]);
  });

  it("bulk enqueue stores keys with quotes, backslashes, commas, braces, spaces or the word NULL as given", async () => {
    const owner = "keys-owner";
    const keys = ['a"b', "c\\d", "e,f", "{g}", "NULL", " h ", "ü\u00e9"];
    const inputs = keys.map((key, n) => ({ ...task(owner, plainHandler.type, { n }), idempotency_key: key }));
    const first = await enqueueTasksNow(t.database, registry, inputs);
    expect(first.every((r) => r.created)).toBe(true);
    // The same keys again, inside a caller's transaction: every one found, none created.
    const again = await withOwner(t.database, owner, (tx) => enqueueTasks(tx, registry, inputs));
    expect(again).toEqual(first.map((r) => ({ id: r.id, created: false })));
    const stored = await t.database.db.execute(
      sql`SELECT idempotency_key FROM tasks WHERE owner_user_id = ${owner} ORDER BY (input_payload->>'n')::int`,
    );
    expect(stored.rows.map((r) => r.idempotency_key)).toEqual(keys);
  });

  it("bulk enqueue: one statement, idempotent per key, a reused key with another request refused", async () => {
    const owner = "bulk-owner";
    const job = await withOwner(t.database, owner, (tx) =>
      new JobRepository(tx).create({ owner_user_id: owner }),
    );
    const inputs = Array.from({ length: 300 }, (_, n) => ({
      ...task(owner, plainHandler.type, { n }, n % 2 === 0 ? job.id : null),
      idempotency_key: `k-${n}`,
    }));
    const first = await withOwner(t.database, owner, (tx) => enqueueTasks(tx, registry, inputs));
    expect(first.every((r) => r.created)).toBe(true);
    const again = await enqueueTasksNow(t.database, registry, [
      ...inputs.slice(0, 10).map((i) => ({ ...i, trace_id: randomUUID() })),
      { ...task(owner, plainHandler.type, { n: 1_000 }), idempotency_key: "k-new" },
      { ...task(owner, plainHandler.type, { n: 1_000 }), idempotency_key: "k-new" },
    ]);
    expect(again.slice(0, 10).map((r) => [r.created, r.id])).toEqual(
      first.slice(0, 10).map((r) => [false, r.id]),
    );
    expect(again[10]?.created).toBe(true);
    expect(again[11]).toEqual({ id: again[10]?.id, created: false });
    const reused = await enqueueTasksNow(t.database, registry, [
      { ...task(owner, plainHandler.type, { n: 999 }), idempotency_key: "k-3" },
    ]).catch((e: unknown) => e);
    expect(isAppError(reused, "idempotency_key_reused")).toBe(true);
    // Another owner's job is a missing one.
    const stranger = await enqueueTasksNow(t.database, registry, [
      task("stranger", plainHandler.type, { n: 1 }, job.id),
    ])
      .then(() => "created")
      .catch((e: unknown) => e);
    expect(isAppError(stranger, "not_found")).toBe(true);
    const events = await t.database.db.execute(
      sql`SELECT count(*)::int AS n FROM job_events WHERE event_type = 'task.queued'`,
    );
    expect(events.rows[0]?.n).toBe(150);
  });

  it("stores a safe message for an unexpected error and names no worker (host) in job events", async () => {
    const owner = "safe-owner";
    const job = await withOwner(t.database, owner, (tx) =>
      new JobRepository(tx).create({ owner_user_id: owner }),
    );
    const [created] = await enqueueTasksNow(t.database, registry, [
      task(owner, crashHandler.type, {}, job.id),
    ]);
    const worker = createWorker({
      database: t.database,
      registry,
      logger,
      concurrency: 1,
      leaseSeconds: 30,
      pollIntervalMs: 600_000,
      shutdownGraceMs: 5_000,
      workerId: "pod-resume-agent-7f9c-host.internal:123",
    });
    workers.push(worker);
    const done = nextEvent<WorkerEvents["settled"][0]>(
      worker.events,
      "settled",
      (s) => s.task.id === created?.id,
    );
    await worker.start();
    expect((await done).outcome).toBe("failed");
    const row = (await rows()).get(created?.id as string);
    expect(row).toMatchObject({ status: "failed", error_code: "internal", error_message: "Internal error" });
    const events = await t.database.db.execute(
      sql`SELECT payload::text AS p FROM job_events WHERE job_id = ${job.id}`,
    );
    const text = events.rows.map((r) => r.p).join("\n");
    expect(text).not.toContain("pod-resume-agent");
    expect(text).not.toContain("ECONNREFUSED");
  });
});
