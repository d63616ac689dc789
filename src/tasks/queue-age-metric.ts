/**
 * `resume_agent_task_queue_oldest_age_seconds{task_type}`: how long the oldest
 * runnable queued task has waited. Depth alone cannot tell a busy queue from a
 * stuck one; age can, so the "queue is stuck" alert is built on it.
 *
 * Read from the database when Prometheus scrapes, so every replica reports the
 * same value (alert on `max`).
 */
import { sql } from "drizzle-orm";
import { Gauge } from "prom-client";
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import type { Registry } from "../observability/metrics.js";

export const QUEUE_AGE_METRIC = "resume_agent_task_queue_oldest_age_seconds";

/** Register the gauge on `registry` (once; later calls reuse it). */
export function registerQueueAgeMetric(
  registry: Registry,
  options: { database: Database; logger: Logger; taskTypes?: readonly string[] },
): void {
  if (registry.getSingleMetric(QUEUE_AGE_METRIC)) return;
  new Gauge({
    name: QUEUE_AGE_METRIC,
    help: "Age in seconds of the oldest queued task that is due to run, by task type (0 when none waits)",
    labelNames: ["task_type"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const type of options.taskTypes ?? []) this.set({ task_type: type }, 0);
      try {
        const rows = await withSystem(options.database, (tx) => oldestQueuedAges(tx));
        for (const row of rows) this.set({ task_type: row.task_type }, row.age_seconds);
      } catch (error) {
        options.logger.warn({ err: error }, "queue age metric: database query failed");
      }
    },
  });
}

type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<{ rows: unknown[] }> };

/**
 * Only due rows count (`run_at <= now()`): a retry waiting out its backoff is
 * not late. The `status = 'queued'` predicate matches the partial claim index,
 * so this scans only the queued set, which stays small while workers keep up.
 */
async function oldestQueuedAges(tx: Executor): Promise<{ task_type: string; age_seconds: number }[]> {
  const result = await tx.execute(sql`
    SELECT task_type,
           GREATEST(EXTRACT(EPOCH FROM (now() - min(run_at))), 0)::float8 AS age_seconds
      FROM tasks
     WHERE status = 'queued' AND run_at <= now()
     GROUP BY task_type`);
  return result.rows as { task_type: string; age_seconds: number }[];
}
