/**
 * Cancel a task, in one statement: a queued task ends `canceled` at once; a
 * running one gets `cancel_requested_at` and its worker aborts the handler
 * (told by NOTIFY, or at its next heartbeat at the latest).
 *
 * Filtered by owner as well as by row-level security, so another owner's
 * task behaves exactly like a missing one. Terminal tasks are left alone and
 * reported as they are.
 */
import type { Exec, Statement } from "./exec.js";
import { clockValue } from "./exec.js";

export type CancelOutcome =
  | { found: false }
  | {
      found: true;
      status: string;
      action: "canceled" | "cancel_requested" | "none";
      /** What a handler's `settle` hook needs when the task ended here. */
      task: {
        id: string;
        jobId: string | null;
        ownerUserId: string;
        traceId: string;
        taskType: string;
        inputPayload: Record<string, unknown>;
      };
    };

export const requestCancelStatement: Statement = {
  name: "ra.tasks.request-cancel",
  text: `
    WITH target AS (
      SELECT id, status AS previous_status, cancel_requested_at AS previous_request
      FROM tasks
      WHERE id = $2 AND owner_user_id = $3
      FOR NO KEY UPDATE
    ),
    updated AS (
      UPDATE tasks t
      SET status = CASE WHEN t.status = 'queued' THEN 'canceled' ELSE t.status END,
          finished_at = CASE WHEN t.status = 'queued' THEN coalesce($1::timestamptz, now()) ELSE t.finished_at END,
          error_code = CASE WHEN t.status = 'queued' THEN 'task_canceled' ELSE t.error_code END,
          error_message = CASE WHEN t.status = 'queued' THEN 'canceled on request' ELSE t.error_message END,
          cancel_requested_at = coalesce(t.cancel_requested_at, coalesce($1::timestamptz, now())),
          updated_at = now()
      FROM target g
      WHERE t.id = g.id AND t.status IN ('queued', 'running') AND g.previous_request IS NULL
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.attempts, t.status
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id,
             CASE WHEN status = 'canceled' THEN 'task.canceled' ELSE 'task.cancel_requested' END,
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'while', CASE WHEN status = 'canceled' THEN 'queued' ELSE 'running' END)
      FROM updated
      WHERE job_id IS NOT NULL
    )
    SELECT g.previous_status, u.status AS new_status, x.id, x.job_id, x.owner_user_id, x.trace_id, x.task_type,
           x.input_payload
    FROM target g
    JOIN tasks x ON x.id = g.id
    LEFT JOIN updated u ON u.id = g.id`,
};

/** Cancel or flag the task; `action: "none"` means it was already finished or flagged. */
export async function requestCancelSql(
  exec: Exec,
  input: { taskId: string; ownerUserId: string; now?: Date | undefined },
): Promise<CancelOutcome> {
  const [row] = await exec(requestCancelStatement, [clockValue(input.now), input.taskId, input.ownerUserId]);
  if (!row) return { found: false };
  const task = {
    id: row.id as string,
    jobId: (row.job_id as string | null) ?? null,
    ownerUserId: row.owner_user_id as string,
    traceId: row.trace_id as string,
    taskType: row.task_type as string,
    inputPayload: (row.input_payload as Record<string, unknown>) ?? {},
  };
  const next = row.new_status as string | null;
  if (next === null) return { found: true, status: row.previous_status as string, action: "none", task };
  return { found: true, status: next, action: next === "canceled" ? "canceled" : "cancel_requested", task };
}
