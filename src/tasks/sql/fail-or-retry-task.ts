/**
 * Fenced end of a failed attempt: back to the queue with a delay, or failed.
 *
 * The decision is made in the statement, against the row's own `attempts`
 * and `max_attempts`, so it cannot act on a stale copy: a retryable error
 * with attempts left requeues the task with `run_at` in the future (the
 * backoff the worker computed), anything else ends it `failed` with the
 * error's stable code and message. The lease is dropped either way; the
 * matching `task.retried` or `task.failed` event is written by the same
 * statement. No row back means the worker had already lost the lease.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { sqlNow, toDate } from "./clock.js";

export type AttemptFailure = {
  code: string;
  message: string;
  retryable: boolean;
  /** Delay before the next attempt, when one is allowed. */
  retryDelayMs: number;
  /** Why the attempt ended (`error`, `timeout`, `lease_lost`…), recorded in the event. */
  reason: string;
};

export type FailOutcome = { status: "queued" | "failed"; runAt: Date | null } | null;

/** Requeue or fail a task this worker holds; null means the lease was lost. */
export async function failOrRetryTask(
  tx: Tx,
  lease: { id: string; leaseToken: string },
  failure: AttemptFailure,
  options: { now?: Date | undefined } = {},
): Promise<FailOutcome> {
  const now = sqlNow(options.now);
  const message = failure.message.slice(0, 2_000);
  const result = await tx.execute(sql`
    WITH updated AS (
      UPDATE tasks t
      SET status = CASE WHEN ${failure.retryable}::boolean AND t.attempts < t.max_attempts THEN 'queued' ELSE 'failed' END,
          run_at = CASE WHEN ${failure.retryable}::boolean AND t.attempts < t.max_attempts
                        THEN ${now} + ${Math.max(0, Math.round(failure.retryDelayMs))} * interval '1 millisecond'
                        ELSE t.run_at END,
          finished_at = CASE WHEN ${failure.retryable}::boolean AND t.attempts < t.max_attempts THEN NULL ELSE ${now} END,
          error_code = ${failure.code},
          error_message = ${message},
          lease_token = NULL,
          lease_expires_at = NULL
      WHERE t.id = ${lease.id} AND t.status = 'running' AND t.lease_token = ${lease.leaseToken}
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.attempts, t.max_attempts, t.status, t.run_at
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id,
             CASE WHEN status = 'queued' THEN 'task.retried' ELSE 'task.failed' END,
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'max_attempts', max_attempts,
                                'reason', ${failure.reason}::text, 'error_code', ${failure.code}::text,
                                'run_at', CASE WHEN status = 'queued' THEN run_at END)
      FROM updated
      WHERE job_id IS NOT NULL
    )
    SELECT status, run_at FROM updated
  `);
  const row = result.rows[0];
  if (!row) return null;
  const status = row.status === "queued" ? "queued" : "failed";
  return { status, runAt: status === "queued" ? toDate(row.run_at) : null };
}
