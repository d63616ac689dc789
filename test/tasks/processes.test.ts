/**
 * The task engine across real processes on real PostgreSQL: many workers
 * sharing a queue, workers killed with SIGKILL mid-task, a worker frozen
 * (SIGSTOP) past its lease, and database connections terminated under a
 * running worker. Assertions are made on side tables the handler writes,
 * not on the engine's own bookkeeping.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withOwner } from "../../src/db/owner-scope.js";
import { enqueueTask } from "../../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../support/database.js";
import { type ChildWorker, spawnWorker } from "./support/child-workers.js";
import { effectHandler, noopHandler } from "./support/handlers.js";
import { createSideTables, sideCounts } from "./support/side-tables.js";
import { until } from "./support/wait-for.js";
import type { ChildOptions } from "./support/worker-child.js";

const OWNER = "owner-processes";
const registry = createHandlerRegistry([effectHandler, noopHandler]);

describe.skipIf(!(await hasPostgres()))("task workers as processes (PostgreSQL)", () => {
  let t: TestDatabase;
  let url: string;
  const children: ChildWorker[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ engine: "postgres" });
    url = t.url as string;
    await createSideTables(t.database);
  });
  afterAll(async () => {
    for (const c of children) c.process.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    await t?.drop();
  });
  afterEach(async () => {
    // A failed test must not leave workers behind to interfere with the next one.
    const leftovers = children.filter((c) => c.process.exitCode === null && c.process.signalCode === null);
    for (const c of leftovers) c.process.kill("SIGKILL");
    await Promise.all(leftovers.map((c) => c.exited));
  });
  beforeEach(async () => {
    await t.database.db.execute(
      sql`TRUNCATE jobs, tasks, job_events, artifacts, task_effects, task_runs CASCADE`,
    );
  });

  function start(overrides: Partial<ChildOptions> = {}): ChildWorker {
    const child = spawnWorker({
      url,
      workerId: `child-${children.length + 1}`,
      concurrency: 4,
      leaseSeconds: 10,
      heartbeatIntervalMs: 1_000,
      sweepIntervalMs: 1_000,
      pollIntervalMs: 500,
      ...overrides,
    });
    children.push(child);
    return child;
  }

  async function enqueueMany(
    count: number,
    input: (i: number) => Record<string, unknown>,
  ): Promise<string[]> {
    const ids: string[] = [];
    await withOwner(t.database, OWNER, async (tx) => {
      for (let i = 0; i < count; i++) {
        const { task } = await enqueueTask(tx, registry, {
          job_id: null,
          owner_user_id: OWNER,
          idempotency_key: randomUUID(),
          task_type: "test.effect",
          input_payload: input(i),
          trace_id: randomUUID(),
        });
        ids.push(task.id);
      }
    });
    return ids;
  }

  async function statusCounts(): Promise<Record<string, number>> {
    const result = await t.database.db.execute(
      sql`SELECT status, count(*)::int AS n FROM tasks GROUP BY status`,
    );
    return Object.fromEntries(result.rows.map((r) => [r.status as string, Number(r.n)]));
  }

  const allCompleted = (total: number) => async () => {
    const counts = await statusCounts();
    return (counts.completed ?? 0) === total ? counts : undefined;
  };

  async function stopGracefully(workers: ChildWorker[]) {
    for (const w of workers) w.process.kill("SIGTERM");
    const exits = await Promise.all(workers.map((w) => w.exited));
    for (const exit of exits) expect(exit).toEqual({ code: 0, signal: null });
  }

  it("N workers x M tasks: every task runs exactly once", async () => {
    const workers = [start(), start(), start()];
    await Promise.all(workers.map((w) => w.ready));
    const ids = await enqueueMany(200, (i) => ({ work_ms: i % 4 }));
    await until(allCompleted(ids.length), "all tasks completed", 90_000);

    const { runs, effects } = await sideCounts(t.database);
    for (const id of ids) {
      expect(runs.get(id), `runs of ${id}`).toBe(1);
      expect(effects.get(id), `effects of ${id}`).toBe(1);
    }
    const perWorker = await t.database.db.execute(
      sql`SELECT worker_id, count(*)::int AS n FROM task_runs GROUP BY worker_id`,
    );
    expect(perWorker.rows.length).toBeGreaterThan(1); // the work really was shared
    await stopGracefully(workers);
  });

  it("SIGKILL mid-task, 20 times: every task completes and no effect is duplicated", async () => {
    const fast = { leaseSeconds: 1, heartbeatIntervalMs: 250, sweepIntervalMs: 250, concurrency: 2 };
    const live = new Set<ChildWorker>();
    const launch = () => {
      const child = start(fast);
      void child.ready.then(() => live.add(child)).catch(() => {});
      return child;
    };
    for (let i = 0; i < 4; i++) launch();
    const ids = await enqueueMany(40, (i) => ({ work_ms: 150 + (i % 5) * 50 }));
    const killed: string[] = [];

    while (killed.length < 20) {
      // The next victim: a live worker whose handler is inside a task right now (its run is recorded,
      // its effect may or may not be). At least one other worker stays up to take the task over.
      const victim = await until(async () => {
        const counts = await statusCounts();
        if ((counts.queued ?? 0) + (counts.running ?? 0) < 12) {
          ids.push(...(await enqueueMany(20, () => ({ work_ms: 250 }))));
        }
        if (live.size < 2) return undefined;
        const busy = await t.database.db.execute(sql`
          SELECT DISTINCT t.worker_id
          FROM tasks t JOIN task_runs r ON r.task_id = t.id AND r.worker_id = t.worker_id AND r.attempt = t.attempts
          WHERE t.status = 'running'`);
        const busyIds = new Set(busy.rows.map((r) => r.worker_id as string));
        return [...live].find((c) => busyIds.has(c.id));
      }, "a worker in the middle of a task");
      live.delete(victim);
      victim.process.kill("SIGKILL");
      const exit = await victim.exited;
      expect(exit.signal).toBe("SIGKILL");
      killed.push(victim.id);
      launch();
    }

    await until(allCompleted(ids.length), "all tasks completed after the kills", 90_000);
    const { runs, effects } = await sideCounts(t.database);
    for (const id of ids) expect(effects.get(id), `effects of ${id}`).toBe(1);
    // The kills really landed mid-task: runs by killed workers that some other worker finished.
    const interrupted = await t.database.db.execute(sql`
      SELECT count(DISTINCT (r.task_id, r.worker_id))::int AS n
      FROM task_runs r JOIN tasks k ON k.id = r.task_id
      WHERE r.worker_id = ANY (${sql.raw(`ARRAY[${killed.map((k) => `'${k}'`).join(",")}]`)}) AND k.worker_id <> r.worker_id`);
    expect(Number(interrupted.rows[0]?.n)).toBeGreaterThanOrEqual(20);
    expect([...runs.values()].some((n) => n > 1)).toBe(true);
    await stopGracefully([...live]);
  }, 150_000);

  it("a frozen worker that resumes after its lease was taken over has its late writes rejected", async () => {
    // No heartbeats: the lease runs out while it is frozen, and it is never frozen inside a transaction
    // (SIGSTOP while holding a row lock would block the rescuer, which is not what this test is about).
    const frozen = start({
      workerId: "frozen",
      leaseSeconds: 1,
      heartbeatIntervalMs: 600_000,
      sweepIntervalMs: 0,
      concurrency: 1,
    });
    await frozen.ready;
    const [id] = await enqueueMany(1, () => ({ work_ms: 1_500 }));
    await until(async () => {
      const r = await t.database.db.execute(
        sql`SELECT 1 FROM task_runs WHERE task_id = ${id} AND worker_id = 'frozen'`,
      );
      return r.rows.length > 0;
    }, "the frozen worker started the task");
    frozen.process.kill("SIGSTOP");

    const rescuer = start({
      workerId: "rescuer",
      leaseSeconds: 1,
      heartbeatIntervalMs: 250,
      sweepIntervalMs: 250,
    });
    await rescuer.ready;
    await until(allCompleted(1), "the rescuer completed the task", 30_000);

    frozen.process.kill("SIGCONT");
    await until(
      async () => frozen.output.includes(`lease_lost ${id}`),
      "the resumed worker noticed its lost lease",
    );
    const { effects } = await sideCounts(t.database);
    expect(effects.get(id as string)).toBe(1);
    const row = await t.database.db.execute(sql`SELECT worker_id, status FROM tasks WHERE id = ${id}`);
    expect(row.rows[0]).toEqual({ worker_id: "rescuer", status: "completed" });
    await stopGracefully([frozen, rescuer]);
  });

  it("keeps working when its database connections are terminated", async () => {
    const worker = start({ workerId: "resilient" });
    await worker.ready;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ids = await enqueueMany(30, () => ({ work_ms: 20 }));
      const childBackends = `FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name IN ('test-worker-child', 'resume-agent-listen')`;
      for (let round = 0; round < 3; round++) {
        // Terminate while it is connected and busy, then check it recovered and finished everything.
        await until(
          async () => ((await admin.query(`SELECT 1 ${childBackends}`)).rowCount ?? 0) > 0,
          "worker connected",
        );
        const terminated = await admin.query(`SELECT pg_terminate_backend(pid) ${childBackends}`);
        expect(terminated.rowCount).toBeGreaterThan(0);
        ids.push(...(await enqueueMany(30, () => ({ work_ms: 20 }))));
        await until(allCompleted(ids.length), `all tasks completed after termination ${round + 1}`, 60_000);
      }
      expect(worker.process.exitCode).toBe(null); // still alive
      const { effects } = await sideCounts(t.database);
      for (const id of ids) expect(effects.get(id)).toBe(1);
      // And it hears NOTIFY again after its LISTEN connection was re-established.
      await until(async () => {
        const r = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'resume-agent-listen'`,
        );
        return (r.rowCount ?? 0) > 0;
      }, "the LISTEN connection is back");
    } finally {
      await admin.end();
    }
    await stopGracefully([worker]);
  });
});
