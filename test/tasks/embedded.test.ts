/**
 * Embedded mode: the same engine on PGlite (one connection, no server), as a
 * first `npm start` without DATABASE_URL runs it. NOTIFY, the claim, fenced
 * effects and completion must all work there too.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner } from "../../src/db/owner-scope.js";
import { TaskRepository } from "../../src/db/repositories/task-repository.js";
import { createLogger } from "../../src/observability/logger.js";
import { enqueueTask } from "../../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { createWorker, type Worker } from "../../src/tasks/worker.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { effectHandler, flakyHandler } from "./support/handlers.js";
import { createSideTables, sideCounts } from "./support/side-tables.js";

const OWNER = "owner-embedded";
const registry = createHandlerRegistry([effectHandler, flakyHandler]);

describe("task worker on embedded PGlite", () => {
  let t: TestDatabase;
  let worker: Worker;

  beforeAll(async () => {
    t = await createTestDatabase({ engine: "pglite" });
    await createSideTables(t.database);
    worker = createWorker({
      database: t.database,
      registry,
      logger: createLogger({ level: "silent" }),
      concurrency: 3,
      leaseSeconds: 30,
      pollIntervalMs: 600_000, // only NOTIFY wakes it
      shutdownGraceMs: 5_000,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.drop();
  });

  it("runs enqueued tasks with their effects exactly once", async () => {
    const ids = await withOwner(t.database, OWNER, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { task } = await enqueueTask(tx, registry, {
          job_id: null,
          owner_user_id: OWNER,
          idempotency_key: `embedded-${i}`,
          task_type: i % 2 ? "test.effect" : "test.flaky",
          input_payload: {},
          trace_id: randomUUID(),
        });
        out.push(task.id);
      }
      return out;
    });
    const pending = new Set(ids);
    await new Promise<void>((resolve, reject) => {
      worker.events.on("settled", ({ task, outcome }) => {
        if (outcome !== "completed") reject(new Error(`task ${task.id} ended ${outcome}`));
        pending.delete(task.id);
        if (pending.size === 0) resolve();
      });
    });
    const rows = await withOwner(t.database, OWNER, (tx) =>
      Promise.all(ids.map((id) => new TaskRepository(tx).findById(id, OWNER))),
    );
    expect(rows.map((r) => r?.status)).toEqual(ids.map(() => "completed"));
    const { effects } = await sideCounts(t.database);
    expect([...effects.values()]).toEqual([1, 1, 1, 1, 1]);
  });
});
