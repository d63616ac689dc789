/**
 * The task engine in one process, on real PostgreSQL, with an injected clock:
 * lifecycle and audit events, retries with backoff, permanent failure,
 * timeouts, lease expiry with fencing, cancel, graceful shutdown, metrics.
 * Nothing sleeps: time moves by setting the clock, and tests wait on the
 * worker's signals.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { withOwner } from "../../src/db/owner-scope.js";
import { JobEventRepository } from "../../src/db/repositories/job-event-repository.js";
import { JobRepository } from "../../src/db/repositories/job-repository.js";
import { TaskRepository } from "../../src/db/repositories/task-repository.js";
import type { TaskRow } from "../../src/db/schema.js";
import { AppError, isAppError } from "../../src/errors.js";
import { createLogger } from "../../src/observability/logger.js";
import { requestCancel } from "../../src/tasks/cancel.js";
import { enqueueTask } from "../../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { claimTasks } from "../../src/tasks/sql/claim-tasks.js";
import { completeTasks } from "../../src/tasks/sql/complete-tasks.js";
import { scopedExec } from "../../src/tasks/sql/exec.js";
import { sweepOnce } from "../../src/tasks/sweeper.js";
import { type AnyTaskHandler, defineHandler, type TaskContext } from "../../src/tasks/types.js";
import { createWorker, type Worker, type WorkerEvents, type WorkerOptions } from "../../src/tasks/worker.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../support/database.js";
import { effectHandler, flakyHandler } from "./support/handlers.js";
import { createSideTables, sideCounts } from "./support/side-tables.js";
import { nextEvent } from "./support/wait-for.js";

const OWNER = "owner-tasks";
const logger = createLogger({ level: "silent" });

/** Handlers whose attempts block until the test opens their gate. */
const gates = new Map<string, { open: () => void; ctx: TaskContext }>();
const gateOpened = new EventEmitter();
const gateHandler = defineHandler({
  type: "test.gate",
  input: z.object({ effect: z.boolean().default(false), ignore_abort: z.boolean().default(false) }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 },
  async run(input, ctx) {
    await new Promise<void>((resolve, reject) => {
      gates.set(`${ctx.task.id}#${ctx.task.attempt}`, { open: resolve, ctx });
      gateOpened.emit("gate", `${ctx.task.id}#${ctx.task.attempt}`);
      if (!input.ignore_abort)
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
    });
    if (input.effect) {
      await ctx.fencedTransaction((tx) =>
        tx.execute(
          sql`INSERT INTO task_effects (task_id, worker_id, attempt) VALUES (${ctx.task.id}, ${ctx.workerId}, ${ctx.task.attempt})`,
        ),
      );
    }
    await ctx.reportProgress("finishing", 90);
    return { attempt: ctx.task.attempt, worker: ctx.workerId };
  },
});

const handlers: AnyTaskHandler[] = [gateHandler, flakyHandler, effectHandler];
const registry = createHandlerRegistry(handlers);

describe.skipIf(!(await hasPostgres()))("task worker (PostgreSQL)", () => {
  let t: TestDatabase;
  let now: Date;
  const workers: Worker[] = [];
  const clock = () => now;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    t = await createTestDatabase({ engine: "postgres" });
    await createSideTables(t.database);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(() => {
    // Ahead of the database clock, so tasks enqueued during the test are runnable at once.
    now = new Date(Date.now() + 10 * 60_000);
  });
  afterEach(async () => {
    for (const g of gates.values()) g.open();
    gates.clear();
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await t.database.db.execute(
      sql`TRUNCATE jobs, tasks, job_events, artifacts, task_effects, task_runs CASCADE`,
    );
  });

  async function startWorker(overrides: Partial<WorkerOptions> = {}): Promise<Worker> {
    const worker = createWorker({
      database: t.database,
      registry,
      logger,
      concurrency: 4,
      leaseSeconds: 30,
      pollIntervalMs: 600_000, // only NOTIFY and explicit pokes wake it
      shutdownGraceMs: 5_000,
      heartbeatIntervalMs: 600_000, // heartbeats are driven by the test
      sweepIntervalMs: 0,
      clock,
      random: () => 0.5,
      ...overrides,
    });
    workers.push(worker);
    await worker.start();
    return worker;
  }

  async function newJob(): Promise<string> {
    const job = await withOwner(t.database, OWNER, (tx) =>
      new JobRepository(tx).create({ owner_user_id: OWNER }),
    );
    return job.id;
  }

  async function enqueue(taskType: string, input: Record<string, unknown>, jobId: string | null = null) {
    const result = await withOwner(t.database, OWNER, (tx) =>
      enqueueTask(tx, registry, {
        job_id: jobId,
        owner_user_id: OWNER,
        idempotency_key: randomUUID(),
        task_type: taskType,
        input_payload: input,
        trace_id: randomUUID(),
      }),
    );
    return result.task;
  }

  async function load(id: string): Promise<TaskRow> {
    const row = await withOwner(t.database, OWNER, (tx) => new TaskRepository(tx).findById(id, OWNER));
    if (!row) throw new Error(`task ${id} not found`);
    return row;
  }

  async function eventTypes(jobId: string, taskId: string): Promise<{ type: string; trace: string }[]> {
    const page = await withOwner(t.database, OWNER, (tx) =>
      new JobEventRepository(tx).listByJob(jobId, OWNER, { limit: 100 }),
    );
    return page.items
      .filter((e) => e.taskId === taskId)
      .map((e) => ({ type: e.eventType, trace: e.traceId }));
  }

  const settled = (worker: Worker, id: string, outcome?: string) =>
    nextEvent<WorkerEvents["settled"][0]>(
      worker.events,
      "settled",
      (s) => s.task.id === id && (!outcome || s.outcome === outcome),
    );
  /** The blocked attempt `attempt` of task `id`, once its handler is running. */
  const gate = async (id: string, attempt: number) => {
    const key = `${id}#${attempt}`;
    if (!gates.has(key)) await nextEvent<string>(gateOpened, "gate", (k) => k === key);
    return gates.get(key) as { open: () => void; ctx: TaskContext };
  };

  it("refuses input the handler's schema rejects, and leaves no row", async () => {
    const key = randomUUID();
    const error = await withOwner(t.database, OWNER, (tx) =>
      enqueueTask(tx, registry, {
        job_id: null,
        owner_user_id: OWNER,
        idempotency_key: key,
        task_type: "test.flaky",
        input_payload: { succeed_on: "soon" },
        trace_id: randomUUID(),
      }),
    ).catch((e: unknown) => e);
    expect(isAppError(error, "validation_failed")).toBe(true);
    expect(
      await withOwner(t.database, OWNER, (tx) => new TaskRepository(tx).findByIdempotencyKey(OWNER, key)),
    ).toBe(null);
  });

  it("enqueue is idempotent: the same key returns the same task without a second event", async () => {
    const jobId = await newJob();
    const input = {
      job_id: jobId,
      owner_user_id: OWNER,
      idempotency_key: "export-1",
      task_type: "test.flaky",
      input_payload: {},
      trace_id: randomUUID(),
    };
    const first = await withOwner(t.database, OWNER, (tx) => enqueueTask(tx, registry, input));
    const second = await withOwner(t.database, OWNER, (tx) => enqueueTask(tx, registry, input));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.task.id).toBe(first.task.id);
    expect(first.task.maxAttempts).toBe(flakyHandler.retry.maxAttempts);
    expect((await eventTypes(jobId, first.task.id)).map((e) => e.type)).toEqual(["task.queued"]);
  });

  it("runs a task woken by NOTIFY and audits every transition under the task's trace id", async () => {
    const worker = await startWorker();
    const jobId = await newJob();
    const task = await enqueue("test.gate", { effect: true }, jobId);
    const g = await gate(task.id, 1); // claimed within the 10-minute poll interval: NOTIFY woke it
    const done = settled(worker, task.id);
    g.open();
    expect((await done).outcome).toBe("completed");

    const row = await load(task.id);
    expect(row).toMatchObject({ status: "completed", attempts: 1, stage: "finishing", progress: 100 });
    expect(row.result).toEqual({ attempt: 1, worker: worker.id });
    expect(row.finishedAt?.getTime()).toBe(now.getTime());
    const events = await eventTypes(jobId, task.id);
    expect(events.map((e) => e.type)).toEqual([
      "task.queued",
      "task.started",
      "task.progress",
      "task.completed",
    ]);
    expect(new Set(events.map((e) => e.trace))).toEqual(new Set([task.traceId]));
  });

  it("retries a transient failure with exponential backoff, on the injected clock", async () => {
    const worker = await startWorker();
    const jobId = await newJob();
    const task = await enqueue("test.flaky", { succeed_on: 3 }, jobId);
    expect((await settled(worker, task.id)).outcome).toBe("retried");

    let row = await load(task.id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, errorCode: "storage_unavailable" });
    // base 1000 ms, attempt 1, jitter factor 0.75 (random() = 0.5)
    expect(row.runAt.getTime() - now.getTime()).toBe(750);
    const notYet = await claimTasks(scopedExec(t.database), {
      workerId: "probe",
      limit: 10,
      leaseSeconds: 30,
      budgets: [{ taskType: "test.flaky", timeoutMs: 1000 }],
      now: new Date(now.getTime() + 749),
    });
    expect(notYet).toEqual([]);

    advance(750);
    let next = settled(worker, task.id);
    worker.poke();
    expect((await next).outcome).toBe("retried");
    row = await load(task.id);
    expect(row.runAt.getTime() - now.getTime()).toBe(1500); // doubled

    advance(1500);
    next = settled(worker, task.id);
    worker.poke();
    expect((await next).outcome).toBe("completed");
    row = await load(task.id);
    expect(row).toMatchObject({ status: "completed", attempts: 3, errorCode: null, result: { attempt: 3 } });
    const types = (await eventTypes(jobId, task.id)).map((e) => e.type);
    expect(types.filter((e) => e === "task.retried")).toHaveLength(2);
    expect(types.at(-1)).toBe("task.completed");
  });

  it("fails after the last attempt, keeping the last error", async () => {
    const worker = await startWorker();
    const task = await enqueue("test.flaky", { succeed_on: 99 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const next = settled(worker, task.id);
      if (attempt > 1) {
        advance(60_000);
        worker.poke();
      }
      expect((await next).outcome).toBe(attempt < 3 ? "retried" : "failed");
    }
    expect(await load(task.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      errorCode: "storage_unavailable",
      // A failure on our side is stored as its code's title; the detail stays in the logs.
      errorMessage: "Blob storage unavailable",
    });
  });

  it("fails a permanent error at once with its code and message", async () => {
    const worker = await startWorker();
    const jobId = await newJob();
    const task = await enqueue("test.flaky", { permanent: true }, jobId);
    expect((await settled(worker, task.id)).outcome).toBe("failed");
    expect(await load(task.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      errorCode: "pdf_corrupt",
      errorMessage: "this PDF cannot be read",
    });
    expect((await eventTypes(jobId, task.id)).map((e) => e.type)).toEqual([
      "task.queued",
      "task.started",
      "task.failed",
    ]);
  });

  it("fails a task whose stored input no longer matches the schema, without running it", async () => {
    const worker = await startWorker();
    // Bypass enqueue's validation, as a row written by an older release would.
    const { task } = await withOwner(t.database, OWNER, (tx) =>
      new TaskRepository(tx).create({
        job_id: null,
        owner_user_id: OWNER,
        idempotency_key: randomUUID(),
        task_type: "test.flaky",
        input_payload: { succeed_on: -1 },
        trace_id: randomUUID(),
      }),
    );
    worker.poke();
    expect((await settled(worker, task.id)).outcome).toBe("failed");
    expect(await load(task.id)).toMatchObject({ status: "failed", errorCode: "validation_failed" });
  });

  it("aborts an attempt past its time budget and retries it", async () => {
    const worker = await startWorker();
    const task = await enqueue("test.gate", {});
    const g = await gate(task.id, 1);
    const aborted = new Promise<unknown>((resolve) =>
      g.ctx.signal.addEventListener("abort", () => resolve(g.ctx.signal.reason)),
    );
    const done = settled(worker, task.id);
    advance(gateHandler.timeoutMs + 1);
    await worker.heartbeat();
    expect(isAppError(await aborted, "task_timeout")).toBe(true);
    expect((await done).outcome).toBe("retried");
    expect(await load(task.id)).toMatchObject({ status: "queued", attempts: 1, errorCode: "task_timeout" });
  });

  it("the sweeper ends an attempt past its budget even when the handler ignores the abort", async () => {
    const worker = await startWorker();
    const task = await enqueue("test.gate", { ignore_abort: true });
    const g = await gate(task.id, 1);
    advance(gateHandler.timeoutMs + 1);
    const swept = await sweepOnce({ database: t.database, registry, logger, clock });
    expect(swept).toEqual([{ id: task.id, taskType: "test.gate", status: "queued", reason: "timeout" }]);
    expect(await load(task.id)).toMatchObject({
      status: "queued",
      errorCode: "task_timeout",
      leaseToken: null,
    });
    // The stuck handler finally returns: its progress write is fenced out and the result discarded.
    const done = settled(worker, task.id);
    g.open();
    expect((await done).outcome).toBe("lease_lost");
    expect(await load(task.id)).toMatchObject({ status: "queued", stage: null });
  });

  it("requeues the task of a worker whose lease expired, and fences out its late writes", async () => {
    const paused = await startWorker({ workerId: "paused" });
    const jobId = await newJob();
    const task = await enqueue("test.gate", { effect: true }, jobId);
    const first = await gate(task.id, 1); // "paused" holds attempt 1 and stops heartbeating
    const staleToken = (await load(task.id)).leaseToken as string;

    advance(31_000);
    const swept = await sweepOnce({ database: t.database, registry, logger, clock });
    expect(swept).toEqual([
      { id: task.id, taskType: "test.gate", status: "queued", reason: "lease_expired" },
    ]);

    const rescuer = await startWorker({ workerId: "rescuer" });
    const second = await gate(task.id, 2);
    const rescued = settled(rescuer, task.id);
    second.open();
    expect((await rescued).outcome).toBe("completed");

    // The paused worker wakes up and tries to commit its effect and its result.
    const late = settled(paused, task.id);
    first.open();
    expect((await late).outcome).toBe("lease_lost");
    const lateComplete = await completeTasks(
      scopedExec(t.database),
      [{ id: task.id, leaseToken: staleToken, resultJson: JSON.stringify({ late: true }) }],
      { now },
    );
    expect(lateComplete.size).toBe(0);

    const row = await load(task.id);
    expect(row).toMatchObject({
      status: "completed",
      attempts: 2,
      result: { attempt: 2, worker: "rescuer" },
    });
    const effects = await sideCounts(t.database);
    expect(effects.effects.get(task.id)).toBe(1);
    const types = (await eventTypes(jobId, task.id)).map((e) => e.type);
    expect(types).toEqual([
      "task.queued",
      "task.started",
      "task.retried",
      "task.started",
      "task.progress",
      "task.completed",
    ]);
  });

  it("fails instead of requeueing when the expired attempt was the last one", async () => {
    const task = await enqueue("test.gate", {});
    // Before the worker starts: a claim racing this UPDATE would skip the locked row (SKIP LOCKED)
    // and, with no poll in this test, wait for the next NOTIFY.
    await t.database.db.execute(sql`UPDATE tasks SET max_attempts = 1 WHERE id = ${task.id}`);
    await startWorker({ workerId: "doomed" });
    await gate(task.id, 1);
    advance(31_000);
    await sweepOnce({ database: t.database, registry, logger, clock });
    expect(await load(task.id)).toMatchObject({ status: "failed", errorCode: "lease_lost", attempts: 1 });
  });

  it("cancels a queued task at once, and refuses to cancel a finished one", async () => {
    const jobId = await newJob();
    const task = await enqueue("test.flaky", {}, jobId);
    const result = await withOwner(t.database, OWNER, (tx) =>
      requestCancel(tx, { taskId: task.id, ownerUserId: OWNER }),
    );
    expect(result).toEqual({ action: "canceled", status: "canceled" });
    expect(await load(task.id)).toMatchObject({ status: "canceled", errorCode: "task_canceled" });
    const again = await withOwner(t.database, OWNER, (tx) =>
      requestCancel(tx, { taskId: task.id, ownerUserId: OWNER }),
    );
    expect(again.action).toBe("already_requested");
    expect((await eventTypes(jobId, task.id)).map((e) => e.type)).toEqual(["task.queued", "task.canceled"]);

    // Another owner's task is indistinguishable from a missing one.
    const stranger = await withOwner(t.database, "someone-else", (tx) =>
      requestCancel(tx, { taskId: task.id, ownerUserId: "someone-else" }),
    ).catch((e: unknown) => e);
    expect(isAppError(stranger, "not_found")).toBe(true);

    const worker = await startWorker();
    const done = await enqueue("test.flaky", {});
    await settled(worker, done.id, "completed");
    const refused = await withOwner(t.database, OWNER, (tx) =>
      requestCancel(tx, { taskId: done.id, ownerUserId: OWNER }),
    ).catch((e: unknown) => e);
    expect(isAppError(refused, "task_not_cancelable")).toBe(true);
  });

  it("cancels a running task through its abort signal", async () => {
    const worker = await startWorker();
    const jobId = await newJob();
    const task = await enqueue("test.gate", { effect: true }, jobId);
    const g = await gate(task.id, 1);
    const done = settled(worker, task.id);
    const result = await withOwner(t.database, OWNER, (tx) =>
      requestCancel(tx, { taskId: task.id, ownerUserId: OWNER }),
    );
    expect(result).toEqual({ action: "cancel_requested", status: "running" });
    // The NOTIFY makes the worker heartbeat at once, which aborts the handler.
    expect((await done).outcome).toBe("canceled");
    expect(g.ctx.signal.aborted).toBe(true);
    expect(await load(task.id)).toMatchObject({ status: "canceled", errorCode: "task_canceled" });
    expect((await sideCounts(t.database)).effects.get(task.id)).toBeUndefined();
    expect((await eventTypes(jobId, task.id)).map((e) => e.type)).toEqual([
      "task.queued",
      "task.started",
      "task.cancel_requested",
      "task.canceled",
    ]);
  });

  it("a fenced transaction refuses to commit once a cancel was requested", async () => {
    const worker = await startWorker();
    const task = await enqueue("test.gate", { effect: true, ignore_abort: true });
    const g = await gate(task.id, 1);
    await withOwner(t.database, OWNER, (tx) => requestCancel(tx, { taskId: task.id, ownerUserId: OWNER }));
    const done = settled(worker, task.id);
    g.open(); // the handler ignored the abort and now tries to write its effect
    expect((await done).outcome).toBe("canceled");
    expect((await sideCounts(t.database)).effects.get(task.id)).toBeUndefined();
  });

  it("graceful shutdown lets a running task finish and claims nothing new", async () => {
    const worker = await startWorker();
    const task = await enqueue("test.gate", {});
    const g = await gate(task.id, 1);
    const stopped = worker.stop();
    const later = await enqueue("test.flaky", {});
    g.open();
    await stopped;
    await worker.drained;
    expect(await load(task.id)).toMatchObject({ status: "completed" });
    expect(await load(later.id)).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("graceful shutdown hands unfinished tasks back once the grace period is over", async () => {
    const worker = await startWorker({ shutdownGraceMs: 0 });
    const jobId = await newJob();
    const task = await enqueue("test.gate", { effect: true }, jobId);
    const g = await gate(task.id, 1);
    await worker.stop();
    expect(isAppError(g.ctx.signal.reason, "worker_shutting_down")).toBe(true);
    expect(await load(task.id)).toMatchObject({ status: "queued", attempts: 0, leaseToken: null });
    expect((await eventTypes(jobId, task.id)).map((e) => e.type)).toEqual([
      "task.queued",
      "task.started",
      "task.retried",
    ]);
    // Another worker picks it up and runs it from the start (attempt 1 again: the attempt was given back).
    gates.delete(`${task.id}#1`);
    const next = await startWorker();
    const second = await gate(task.id, 1);
    const done = settled(next, task.id);
    second.open();
    expect((await done).outcome).toBe("completed");
    expect((await sideCounts(t.database)).effects.get(task.id)).toBe(1);
  });

  it("exposes queue depth, claim latency, durations, retries and lease losses", async () => {
    const metrics = new Registry();
    const worker = await startWorker({ metrics, concurrency: 1 });
    const blocker = await enqueue("test.gate", {});
    const g = await gate(blocker.id, 1);
    await enqueue("test.flaky", {});
    await enqueue("test.flaky", {});
    const text = await metrics.metrics();
    expect(text).toContain('resume_agent_tasks{task_type="test.flaky",status="queued"} 2');
    expect(text).toContain('resume_agent_tasks{task_type="test.gate",status="running"} 1');
    expect(text).toContain('resume_agent_tasks{task_type="test.effect",status="queued"} 0');
    advance(31_000);
    await sweepOnce({ database: t.database, registry, logger, clock, metrics: undefined });
    const lost = settled(worker, blocker.id);
    g.open();
    expect((await lost).outcome).toBe("lease_lost");
    const after = await metrics.metrics();
    expect(after).toMatch(/resume_agent_task_lease_losses_total\{task_type="test.gate"\} 1/);
    expect(after).toMatch(/resume_agent_task_claim_duration_seconds_count [1-9]/);
    expect(after).toMatch(
      /resume_agent_task_duration_seconds_count\{task_type="test.gate",outcome="lease_lost"\} 1/,
    );
  });
});

describe("errors the engine relies on", () => {
  it("a shutdown abort is retryable, a cancel is not", () => {
    expect(new AppError("worker_shutting_down", "x").retryable).toBe(true);
    expect(new AppError("task_canceled", "x").retryable).toBe(false);
  });
});
