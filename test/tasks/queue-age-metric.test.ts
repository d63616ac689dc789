import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/db/owner-scope.js";
import { createLogger } from "../../src/observability/logger.js";
import { createMetricsRegistry } from "../../src/observability/metrics.js";
import { QUEUE_AGE_METRIC, registerQueueAgeMetric } from "../../src/tasks/queue-age-metric.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const logger = createLogger({ level: "silent", destination: new Writable({ write: (_c, _e, d) => d() }) });

describe("queue age metric", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  async function insertTask(taskType: string, status: string, runAtSql: ReturnType<typeof sql>) {
    // Running rows carry a lease and finished rows a finish time (CHECK constraints).
    const running = status === "running";
    const finished = status === "completed";
    await withSystem(testDb.database, (tx) =>
      tx.execute(sql`
        INSERT INTO tasks (owner_user_id, idempotency_key, request_hash, task_type, status, run_at, trace_id,
                           lease_token, lease_expires_at, worker_id, started_at, finished_at, attempts)
        VALUES ('owner-a', ${randomUUID()}, 'h', ${taskType}, ${status}, ${runAtSql}, ${randomUUID()},
                ${running ? randomUUID() : null}, ${running ? sql`now() + interval '30 seconds'` : null},
                ${running ? "worker-1" : null},
                ${running || finished ? sql`now()` : null}, ${finished ? sql`now()` : null},
                ${running || finished ? 1 : 0})`),
    );
  }

  it("reports the oldest due queued task per type, ignoring running, finished and future tasks", async () => {
    await insertTask("export", "queued", sql`now() - interval '120 seconds'`);
    await insertTask("export", "queued", sql`now() - interval '10 seconds'`);
    await insertTask("export", "running", sql`now() - interval '1 hour'`);
    await insertTask("parse", "completed", sql`now() - interval '1 hour'`);
    await insertTask("optimize", "queued", sql`now() + interval '1 hour'`);

    const registry = createMetricsRegistry({ processMetrics: false });
    registerQueueAgeMetric(registry, {
      database: testDb.database,
      logger,
      taskTypes: ["parse", "optimize", "export"],
    });
    registerQueueAgeMetric(registry, { database: testDb.database, logger }); // second call is a no-op
    const metric = await registry.getSingleMetric(QUEUE_AGE_METRIC)!.get();
    const byType = Object.fromEntries(metric.values.map((v) => [v.labels.task_type, v.value]));
    expect(byType.export).toBeGreaterThanOrEqual(120);
    expect(byType.export).toBeLessThan(3600);
    expect(byType.parse).toBe(0);
    expect(byType.optimize).toBe(0);
  });
});
