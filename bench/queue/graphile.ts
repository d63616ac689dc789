/**
 * graphile-worker at its documented performance settings: the local queue at
 * the size its release notes recommend (`concurrency + 1`; `--graphile-local-queue N`
 * sets another, e.g. the 500 of the "Performance" page), completion and failure
 * batching with a 0 ms delay, prepared statements (the default), one `run()`
 * per loop sharing one pool. Enqueue through `WorkerUtils.addJob` (one call
 * per job) and `addJobs`.
 */
import { Logger, makeWorkerUtils, run, type WorkerUtils } from "graphile-worker";
import pg from "pg";
import { type DrainSpec, measure, type QueueSystem, RunLedger, range, type SystemContext } from "./system.js";

const silent = new Logger(() => () => {});

export function graphileWorker(options: { localQueue?: number } = {}): QueueSystem {
  let ctx: SystemContext;
  let utils: WorkerUtils;
  const ledger = new RunLedger();

  const reset = async () => {
    await utils.withPgClient((c) => c.query("DELETE FROM graphile_worker._private_jobs"));
  };

  return {
    name: "graphile-worker",
    async setup(context) {
      ctx = context;
      utils = await makeWorkerUtils({ connectionString: ctx.url, logger: silent });
      await utils.migrate();
    },
    async drain(spec: DrainSpec) {
      await reset();
      await utils.addJobs(range(spec.jobs).map((i) => ({ identifier: "noop", payload: { i } })));
      // Statistics as a long-running queue has them: measured first on a fresh database, without
      // them graphile-worker's job fetch costs about 3.5x the database time per job.
      await utils.withPgClient((c) => c.query("ANALYZE graphile_worker._private_jobs"));
      ledger.expect(spec.jobs);
      const pool = new pg.Pool({
        connectionString: ctx.url,
        max: Math.min(24, spec.loops * spec.inFlight + spec.loops),
      });
      pool.on("error", (error) => console.error("graphile-worker pool:", error));
      pool.on("connect", (client) =>
        client.on("error", (error) => console.error("graphile-worker client:", error)),
      );
      const taskList = {
        noop: async (payload: unknown) => {
          ledger.record(String((payload as { i: string }).i));
        },
      };
      const runners: Awaited<ReturnType<typeof run>>[] = [];
      const measured = await measure(ctx, spec.jobs, async () => {
        for (let l = 0; l < spec.loops; l++) {
          runners.push(
            await run({
              pgPool: pool,
              concurrency: spec.inFlight,
              noHandleSignals: true,
              pollInterval: 1_000,
              taskList,
              logger: silent,
              preset: {
                worker: {
                  localQueue: { size: options.localQueue ?? spec.inFlight + 1 },
                  completeJobBatchDelay: 0,
                  failJobBatchDelay: 0,
                },
              },
            }),
          );
        }
        await ledger.done;
      });
      await Promise.all(runners.map((r) => r.stop()));
      await pool.end();
      ledger.verify(this.name, range(spec.jobs));
      const left = await utils.withPgClient((c) =>
        c.query("SELECT count(*)::int AS n FROM graphile_worker._private_jobs"),
      );
      if (left.rows[0].n !== 0) throw new Error(`graphile-worker: ${left.rows[0].n} jobs left`);
      return measured;
    },
    async enqueueSingle(jobs) {
      await reset();
      return measure(ctx, jobs, async () => {
        for (let i = 0; i < jobs; i++) await utils.addJob("noop", { i });
      });
    },
    async enqueueBulk(jobs) {
      await reset();
      const specs = range(jobs).map((i) => ({ identifier: "noop", payload: { i } }));
      return measure(ctx, jobs, async () => {
        await utils.addJobs(specs);
      });
    },
    async teardown() {
      await utils?.release();
    },
  };
}
