/**
 * Fenced end of an attempt that stopped because a cancel was requested.
 *
 * Only the lease holder may write it, and only when a cancel really was
 * requested (`cancel_requested_at`), so a handler cannot end a task
 * `canceled` on its own. Appends `task.canceled` in the same statement.
 * The task is found by its primary key (see lock-lease.ts for why the status
 * test is written as an expression).
 */
import type { Exec, Statement } from "./exec.js";
import { clockValue } from "./exec.js";

export const markTaskCanceledStatement: Statement = {
  name: "ra.tasks.mark-canceled",
  text: `
    WITH updated AS (
      UPDATE tasks
      SET status = 'canceled', finished_at = coalesce($1::timestamptz, now()), error_code = 'task_canceled',
          error_message = 'canceled on request', lease_token = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $2 AND lease_token = $3 AND (status || '') = 'running' AND cancel_requested_at IS NOT NULL
      RETURNING id, job_id, owner_user_id, trace_id, task_type, attempts
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.canceled',
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'while', 'running')
      FROM updated
      WHERE job_id IS NOT NULL
    )
    SELECT id FROM updated`,
};

/** Mark a held, cancel-requested task canceled; false means the lease was lost. */
export async function markTaskCanceled(
  exec: Exec,
  lease: { id: string; leaseToken: string },
  options: { now?: Date | undefined } = {},
): Promise<boolean> {
  const rows = await exec(markTaskCanceledStatement, [clockValue(options.now), lease.id, lease.leaseToken]);
  return rows.length === 1;
}
