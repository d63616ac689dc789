/**
 * pg-boss at its documented throughput settings: jobs fetched `batchSize` at a
 * time (the batch is the jobs in flight, run together and completed in one
 * call), `localConcurrency` fetch loops, continuous fetching while batches come
 * back full (`burstWhenBatchFull`), NOTIFY wake-ups on the queue. Enqueue
 * through `send` (one call per job) and `insert` (one call).
 */
import pg from "pg";
import { PgBoss } from "pg-boss";
import { type DrainSpec, measure, type QueueSystem, RunLedger, range, type SystemContext } from "./system.js";

const QUEUE = "noop";

export function pgBoss(): QueueSystem {
  let ctx: SystemContext;
  let boss: PgBoss;
  const ledger = new RunLedger();

  const open = async (max: number) => {
    const b = new PgBoss({
      connectionString: ctx.url,
      max,
      supervise: false,
      schedule: false,
      migrate: true,
    });
    b.on("error", (error) => console.error("pg-boss:", error));
    await b.start();
    return b;
  };

  return {
    name: "pg-boss",
    async setup(context) {
      ctx = context;
      boss = await open(4);
      await boss.createQueue(QUEUE, { notify: true });
    },
    async drain(spec: DrainSpec) {
      await boss.deleteAllJobs(QUEUE);
      for (let from = 0; from < spec.jobs; from += 10_000) {
        const chunk = range(Math.min(10_000, spec.jobs - from)).map((i) => ({
          data: { i: String(from + Number(i)) },
        }));
        await boss.insert(QUEUE, chunk);
      }
      await analyze(ctx.url, "pgboss.job"); // as for every system: statistics of a queue in use
      ledger.expect(spec.jobs);
      const worker = await open(Math.min(24, spec.loops + 4));
      const measured = await measure(ctx, spec.jobs, async () => {
        await worker.work<{ i: string }>(
          QUEUE,
          {
            batchSize: spec.inFlight,
            localConcurrency: spec.loops,
            pollingIntervalSeconds: 0.5,
            burstWhenBatchFull: true,
          },
          async (jobs) => {
            await Promise.all(
              jobs.map(async (job) => {
                ledger.record(job.data.i);
              }),
            );
          },
        );
        await ledger.done;
      });
      await worker.stop({ graceful: true, close: true, timeout: 10_000 });
      ledger.verify(this.name, range(spec.jobs));
      const client = new pg.Client({ connectionString: ctx.url });
      await client.connect();
      const left = await client.query(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'",
        [QUEUE],
      );
      await client.end();
      if (left.rows[0].n !== 0) throw new Error(`pg-boss: ${left.rows[0].n} jobs not completed`);
      return measured;
    },
    async enqueueSingle(jobs) {
      await boss.deleteAllJobs(QUEUE);
      return measure(ctx, jobs, async () => {
        for (let i = 0; i < jobs; i++) await boss.send(QUEUE, { i });
      });
    },
    async enqueueBulk(jobs) {
      await boss.deleteAllJobs(QUEUE);
      const items = range(jobs).map((i) => ({ data: { i } }));
      return measure(ctx, jobs, async () => {
        await boss.insert(QUEUE, items);
      });
    },
    async teardown() {
      await boss?.stop({ graceful: false, close: true });
    },
  };
}

async function analyze(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}
