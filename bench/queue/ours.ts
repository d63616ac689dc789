/**
 * This project's task engine, through its public API: `createWorker` loops
 * (claim under row-level security, fenced batched completion, history kept),
 * `enqueueTaskNow` for single jobs (one round trip) and `enqueueTasksNow` for
 * many (one statement). Each worker holds as many claimed tasks beyond the
 * running ones (`prefetch`) as graphile-worker's local queue holds beyond its
 * running jobs (`localQueue.size`, `concurrency + 1` here).
 *
 * `ours({ core: true })` ("ours-core", opt-in) is a diagnostic, not a configuration anyone
 * may run: the same engine on a `tasks` table stripped of what the history and
 * housekeeping need (the job, retention and sweeper indexes and the CHECK
 * invariants), keeping the primary key, the idempotency key, the claim order and
 * the owner's fair clock. Set beside `ours`, it shows how much of the gap to
 * graphile-worker is the engine and how much is the history row it keeps.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { createDatabase, type Database } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { createLogger } from "../../src/observability/logger.js";
import { enqueueTaskNow, enqueueTasksNow } from "../../src/tasks/enqueue.js";
import { createHandlerRegistry } from "../../src/tasks/registry.js";
import { defineHandler } from "../../src/tasks/types.js";
import { createWorker, type Worker } from "../../src/tasks/worker.js";
import { type DrainSpec, measure, type QueueSystem, RunLedger, range, type SystemContext } from "./system.js";

const OWNER = "bench-owner";

/** What `ours-core` drops: the indexes the claim, completion and enqueue do not read, and every CHECK. */
const NOT_CORE = [
  "DROP INDEX tasks_job_created_idx, tasks_finished_idx, tasks_running_lease_idx",
  `DO $$ DECLARE c name; BEGIN
     FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'tasks'::regclass AND contype = 'c' LOOP
       EXECUTE format('ALTER TABLE tasks DROP CONSTRAINT %I', c);
     END LOOP;
   END $$`,
];
const logger = createLogger({ level: "silent" });

export function ours(options: { core?: boolean } = {}): QueueSystem {
  let ctx: SystemContext;
  let database: Database;
  const ledger = new RunLedger();
  const noop = defineHandler({
    type: "bench.noop",
    input: z.object({ i: z.string() }),
    timeoutMs: 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    async run(input) {
      ledger.record(input.i);
      return {};
    },
  });
  const registry = createHandlerRegistry([noop]);
  const task = (i: string) => ({
    job_id: null,
    owner_user_id: OWNER,
    idempotency_key: `task-${i}`,
    task_type: noop.type,
    input_payload: { i },
    trace_id: randomUUID(),
  });

  const reset = () => database.db.execute(sql`TRUNCATE tasks CASCADE`);

  const bulk = async (jobs: number) => {
    await enqueueTasksNow(database, registry, range(jobs).map(task));
  };

  return {
    name: options.core ? "ours-core" : "ours",
    async setup(context) {
      ctx = context;
      database = await createDatabase({ url: ctx.url, poolMax: 24 });
      await runMigrations(database);
      if (options.core) for (const statement of NOT_CORE) await database.db.execute(sql.raw(statement));
    },
    async drain(spec: DrainSpec) {
      await reset();
      await bulk(spec.jobs);
      await database.db.execute(sql`ANALYZE tasks`); // as for every system: statistics of a queue in use
      ledger.expect(spec.jobs);
      const workers: Worker[] = [];
      const measured = await measure(ctx, spec.jobs, async () => {
        for (let l = 0; l < spec.loops; l++) {
          const worker = createWorker({
            database,
            registry,
            logger,
            concurrency: spec.inFlight,
            prefetch: spec.inFlight + 1,
            leaseSeconds: 30,
            pollIntervalMs: 1_000,
            shutdownGraceMs: 5_000,
            workerId: `bench-${l}`,
          });
          workers.push(worker);
          await worker.start();
        }
        await ledger.done;
      });
      await Promise.all(workers.map((w) => w.stop()));
      ledger.verify(this.name, range(spec.jobs));
      const left = await database.db.execute(
        sql`SELECT count(*)::int AS n FROM tasks WHERE status <> 'completed' OR attempts <> 1`,
      );
      if (Number(left.rows[0]?.n) !== 0) throw new Error(`ours: ${left.rows[0]?.n} tasks not completed once`);
      return measured;
    },
    async enqueueSingle(jobs) {
      await reset();
      return measure(ctx, jobs, async () => {
        for (let i = 0; i < jobs; i++) {
          await enqueueTaskNow(database, registry, task(String(i)));
        }
      });
    },
    async enqueueBulk(jobs) {
      await reset();
      return measure(ctx, jobs, () => bulk(jobs));
    },
    async teardown() {
      await database?.close();
    },
  };
}
