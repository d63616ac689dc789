/**
 * Queue depth for the metrics scrape: queued and running tasks per type.
 *
 * Only the non-terminal statuses are counted, each through its partial index
 * (`tasks_queued_claim_idx`, `tasks_running_lease_idx`), so a scrape stays
 * cheap however much completed history the table holds. Finished work is
 * counted by the workers' outcome counters instead.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";

export type TaskCount = { taskType: string; status: "queued" | "running"; count: number };

/** Count queued and running tasks per task type. */
export async function countActiveTasks(tx: Tx): Promise<TaskCount[]> {
  const result = await tx.execute(sql`
    SELECT task_type, 'queued' AS status, count(*)::int AS count FROM tasks WHERE status = 'queued' GROUP BY task_type
    UNION ALL
    SELECT task_type, 'running' AS status, count(*)::int AS count FROM tasks WHERE status = 'running' GROUP BY task_type
  `);
  return result.rows.map((r) => ({
    taskType: r.task_type as string,
    status: r.status as TaskCount["status"],
    count: Number(r.count),
  }));
}
