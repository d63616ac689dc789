/**
 * Fenced end of a failed attempt: back to the queue with a delay, or failed.
 *
 * The decision is made in the statement, against the row's own `attempts`
 * and `max_attempts`, so it cannot act on a stale copy: a retryable error
 * with attempts left requeues the task with `run_at` in the future (the
 * backoff the worker computed; `fair_at` moves along so the claim order does
 * not keep meeting a task that cannot run yet), anything else ends it
 * `failed` with the error's stable code and a message safe to show. The lease
 * is dropped either way; the matching `task.retried` or `task.failed` event
 * is written by the same statement. No row back means the lease was lost.
 * The task is found by its primary key (see lock-lease.ts for why the status
 * test is written as an expression).
 */
import { toDate } from "./clock.js";
import type { Exec, Statement } from "./exec.js";
import { clockValue } from "./exec.js";

export type AttemptFailure = {
  code: string;
  /** Shown to the user: never a raw internal error text. */
  message: string;
  retryable: boolean;
  /** Delay before the next attempt, when one is allowed. */
  retryDelayMs: number;
  /** Why the attempt ended (`error`, `timeout`, `lease_lost`…), recorded in the event. */
  reason: string;
};

export type FailOutcome = { status: "queued" | "failed"; runAt: Date | null } | null;

export const failOrRetryTaskStatement: Statement = {
  name: "ra.tasks.fail-or-retry",
  text: `
    WITH updated AS (
      UPDATE tasks t
      SET status = CASE WHEN $4::boolean AND t.attempts < t.max_attempts THEN 'queued' ELSE 'failed' END,
          run_at = CASE WHEN $4::boolean AND t.attempts < t.max_attempts
                        THEN coalesce($1::timestamptz, now()) + $7::double precision * interval '1 millisecond'
                        ELSE t.run_at END,
          fair_at = CASE WHEN $4::boolean AND t.attempts < t.max_attempts
                         THEN greatest(t.fair_at, coalesce($1::timestamptz, now()) + $7::double precision * interval '1 millisecond')
                         ELSE t.fair_at END,
          finished_at = CASE WHEN $4::boolean AND t.attempts < t.max_attempts THEN NULL ELSE coalesce($1::timestamptz, now()) END,
          error_code = $5,
          error_message = $6,
          lease_token = NULL,
          lease_expires_at = NULL,
          updated_at = now()
      WHERE t.id = $2 AND t.lease_token = $3 AND (t.status || '') = 'running'
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.input_payload, t.attempts,
                t.max_attempts, t.status, t.run_at
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id,
             CASE WHEN status = 'queued' THEN 'task.retried' ELSE 'task.failed' END,
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'max_attempts', max_attempts,
                                'reason', $8::text, 'error_code', $5::text,
                                'run_at', CASE WHEN status = 'queued' THEN run_at END)
      FROM updated
      WHERE job_id IS NOT NULL
    )
    SELECT * FROM updated`,
};

/** Requeue or fail a task this worker holds; null means the lease was lost. */
export async function failOrRetryTask(
  exec: Exec,
  lease: { id: string; leaseToken: string },
  failure: AttemptFailure,
  options: { now?: Date | undefined } = {},
): Promise<FailOutcome> {
  const rows = await exec(failOrRetryTaskStatement, [
    clockValue(options.now),
    lease.id,
    lease.leaseToken,
    failure.retryable,
    failure.code,
    failure.message.slice(0, 500),
    Math.max(0, Math.round(failure.retryDelayMs)),
    failure.reason,
  ]);
  const row = rows[0];
  if (!row) return null;
  const status = row.status === "queued" ? "queued" : "failed";
  return { status, runAt: status === "queued" ? toDate(row.run_at) : null };
}
