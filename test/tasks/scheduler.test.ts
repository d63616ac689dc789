/**
 * Recurring tasks queued by the workers: however many workers tick, and however
 * often, each interval gets exactly one task (issue 12 item 9: retention is
 * scheduled by `serve`/`worker` through the task engine).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../src/observability/logger.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { createScheduler, intervalKey } from "../../src/tasks/scheduler.js";
import { defineHandler } from "../../src/tasks/types.js";
import { createWorker } from "../../src/tasks/worker.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../support/database.js";
import { nextEvent } from "./support/wait-for.js";

const HOUR = 3_600_000;
const housekeeping = defineHandler({
  type: "test.housekeeping",
  input: z.object({ dry_run: z.boolean() }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  async run(input) {
    return { dry_run: input.dry_run };
  },
});
const registry = createHandlerRegistry([housekeeping]);
const logger = createLogger({ level: "silent" });
const schedule = {
  taskType: housekeeping.type,
  owner: "system:test",
  everyMs: HOUR,
  input: { dry_run: true },
};

describe.skipIf(!(await hasPostgres()))("scheduled tasks (PostgreSQL)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine: "postgres" });
  });
  afterAll(async () => {
    await t?.drop();
  });

  const keys = async () =>
    (
      await t.database.db.execute(
        sql`SELECT idempotency_key AS k, run_at FROM tasks WHERE task_type = ${housekeeping.type} ORDER BY 1`,
      )
    ).rows.map((r) => r.k as string);

  it("eight workers ticking at once queue one task per interval", async () => {
    let now = new Date("2030-01-01T10:15:00Z");
    const schedulers = Array.from({ length: 8 }, () =>
      createScheduler({ database: t.database, registry, logger, schedules: [schedule], clock: () => now }),
    );
    await Promise.all(schedulers.map((s) => s.tick()));
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(await keys()).toEqual(["test.housekeeping:2030-01-01T10:00:00.000Z"]);
    now = new Date("2030-01-01T11:00:00Z");
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(await keys()).toEqual([
      "test.housekeeping:2030-01-01T10:00:00.000Z",
      "test.housekeeping:2030-01-01T11:00:00.000Z",
    ]);
    expect(intervalKey(schedule, new Date("2030-01-01T11:59:59.999Z")).key).toBe(
      "test.housekeeping:2030-01-01T11:00:00.000Z",
    );
  });

  it("a worker with a schedule queues the current interval's task when it starts, and runs it", async () => {
    await t.database.db.execute(sql`TRUNCATE tasks CASCADE`);
    const worker = createWorker({
      database: t.database,
      registry,
      logger,
      concurrency: 1,
      leaseSeconds: 30,
      pollIntervalMs: 600_000,
      shutdownGraceMs: 1_000,
      schedules: [schedule],
    });
    const settled = nextEvent<{ outcome: string }>(worker.events, "settled");
    await worker.start();
    expect((await settled).outcome).toBe("completed");
    await worker.stop();
    expect(await keys()).toEqual([intervalKey(schedule, new Date()).key]);
  });
});
