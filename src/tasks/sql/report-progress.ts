/**
 * Fenced write of a running task's stage and progress.
 *
 * A `task.progress` job event is appended only when the stage changes (a
 * milestone), not for every percentage, so the audit trail stays readable.
 * `previous` reads the row in the statement's snapshot, i.e. before the
 * update, which is how the statement knows whether the stage changed.
 * Returns false when the worker no longer holds the lease.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";

/** Set stage/progress while holding the lease; false means the lease is lost. */
export async function reportProgress(
  tx: Tx,
  lease: { id: string; leaseToken: string },
  stage: string,
  progress: number | null,
): Promise<boolean> {
  const result = await tx.execute(sql`
    WITH previous AS (
      SELECT stage FROM tasks WHERE id = ${lease.id} AND status = 'running' AND lease_token = ${lease.leaseToken}
    ),
    updated AS (
      UPDATE tasks
      SET stage = ${stage}, progress = ${progress}::smallint
      WHERE id = ${lease.id} AND status = 'running' AND lease_token = ${lease.leaseToken}
      RETURNING id, job_id, owner_user_id, trace_id, task_type, attempts
    ),
    milestone AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT u.job_id, u.owner_user_id, u.id, u.trace_id, 'task.progress',
             jsonb_build_object('task_type', u.task_type, 'attempt', u.attempts, 'stage', ${stage}::text,
                                'progress', ${progress}::int)
      FROM updated u, previous p
      WHERE u.job_id IS NOT NULL AND p.stage IS DISTINCT FROM ${stage}::text
    )
    SELECT id FROM updated
  `);
  return result.rows.length === 1;
}
