/**
 * Fenced write of a running task's stage and progress.
 *
 * A `task.progress` job event is appended only when the stage changes (a
 * milestone), not for every percentage, so the audit trail stays readable.
 * `previous` reads the row in the statement's snapshot, i.e. before the
 * update, which is how the statement knows whether the stage changed.
 * Returns false when the worker no longer holds the lease.
 * The task is found by its primary key (see lock-lease.ts for why the status
 * test is written as an expression).
 */
import type { Exec, Statement } from "./exec.js";

export const reportProgressStatement: Statement = {
  name: "ra.tasks.progress",
  text: `
    WITH previous AS (
      SELECT stage FROM tasks WHERE id = $1 AND lease_token = $2 AND (status || '') = 'running'
    ),
    updated AS (
      UPDATE tasks
      SET stage = $3, progress = $4::smallint, updated_at = now()
      WHERE id = $1 AND lease_token = $2 AND (status || '') = 'running'
      RETURNING id, job_id, owner_user_id, trace_id, task_type, attempts
    ),
    milestone AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT u.job_id, u.owner_user_id, u.id, u.trace_id, 'task.progress',
             jsonb_build_object('task_type', u.task_type, 'attempt', u.attempts, 'stage', $3::text,
                                'progress', $4::int)
      FROM updated u, previous p
      WHERE u.job_id IS NOT NULL AND p.stage IS DISTINCT FROM $3::text
    )
    SELECT id FROM updated`,
};

/** Set stage/progress while holding the lease; false means the lease is lost. */
export async function reportProgress(
  exec: Exec,
  lease: { id: string; leaseToken: string },
  stage: string,
  progress: number | null,
): Promise<boolean> {
  const rows = await exec(reportProgressStatement, [lease.id, lease.leaseToken, stage, progress]);
  return rows.length === 1;
}
