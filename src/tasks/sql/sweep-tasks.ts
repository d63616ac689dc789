/**
 * The sweeper's statement: end running attempts whose lease expired or whose time budget ran out.
 *
 * - Lease expired (the worker died or stalled past its lease): back to the
 *   queue at once, or `failed` (`lease_lost`) when no attempt is left; the
 *   crash is probably not the task's fault, so there is no backoff.
 * - Past `timeout_at` (too slow, however alive the worker): the attempt ends
 *   with `task_timeout` and retries with the task type's backoff, or fails
 *   when no attempt is left. The worker notices at its next heartbeat and
 *   aborts the handler.
 * - A task whose cancel was requested ends `canceled` instead.
 * Dropping the lease token is what fences the previous holder out.
 * Candidates come from the partial index on running tasks, `SKIP LOCKED`
 * so sweepers in several workers (and a fenced transaction holding the row)
 * do not wait on each other, and in batches so one sweep stays short.
 */
import type { Exec, Statement } from "./exec.js";
import { clockValue } from "./exec.js";

export type RetryPolicy = { taskType: string; baseDelayMs: number; maxDelayMs: number };

export type SweptTask = {
  id: string;
  taskType: string;
  status: "queued" | "failed" | "canceled";
  reason: "lease_expired" | "timeout";
};

/** A swept task that ended for good, with what a handler's `settle` hook needs. */
export type SweptFinal = SweptTask & {
  jobId: string | null;
  ownerUserId: string;
  traceId: string;
  inputPayload: Record<string, unknown>;
  errorCode: string;
};

export const sweepTasksStatement: Statement = {
  name: "ra.tasks.sweep",
  text: `
    WITH policies AS (
      SELECT p.task_type, p.base_ms, p.max_ms
      FROM unnest($3::text[], $4::double precision[], $5::double precision[]) AS p(task_type, base_ms, max_ms)
    ),
    expired AS (
      -- Values come from the locked (latest) row version, not the statement snapshot.
      SELECT t.id, t.task_type, t.attempts, t.max_attempts, t.cancel_requested_at,
             CASE WHEN t.timeout_at IS NOT NULL AND t.timeout_at <= coalesce($1::timestamptz, now()) THEN 'timeout' ELSE 'lease_expired' END AS reason
      FROM tasks t
      WHERE t.status = 'running'
        AND (t.lease_expires_at <= coalesce($1::timestamptz, now()) OR t.timeout_at <= coalesce($1::timestamptz, now()))
      ORDER BY t.lease_expires_at
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ),
    decided AS (
      SELECT e.id, e.reason,
             CASE WHEN e.cancel_requested_at IS NOT NULL THEN 'canceled'
                  WHEN e.attempts < e.max_attempts THEN 'queued'
                  ELSE 'failed' END AS next_status,
             CASE WHEN e.reason = 'timeout'
                  THEN least(coalesce(p.max_ms, 60000),
                             coalesce(p.base_ms, 1000) * power(2, greatest(e.attempts - 1, 0)))
                       * (0.5 + random() / 2)
                  ELSE 0 END AS delay_ms
      FROM expired e
      LEFT JOIN policies p ON p.task_type = e.task_type
    ),
    swept AS (
      UPDATE tasks t
      SET status = d.next_status,
          run_at = CASE WHEN d.next_status = 'queued' THEN coalesce($1::timestamptz, now()) + d.delay_ms * interval '1 millisecond' ELSE t.run_at END,
          fair_at = CASE WHEN d.next_status = 'queued'
                         THEN greatest(t.fair_at, coalesce($1::timestamptz, now()) + d.delay_ms * interval '1 millisecond')
                         ELSE t.fair_at END,
          finished_at = CASE WHEN d.next_status = 'queued' THEN NULL ELSE coalesce($1::timestamptz, now()) END,
          error_code = CASE WHEN d.next_status = 'canceled' THEN 'task_canceled'
                            WHEN d.reason = 'timeout' THEN 'task_timeout' ELSE 'lease_lost' END,
          error_message = CASE WHEN d.next_status = 'canceled' THEN 'canceled on request'
                               WHEN d.reason = 'timeout' THEN 'the attempt exceeded its time budget'
                               ELSE 'the worker stopped renewing its lease' END,
          lease_token = NULL,
          lease_expires_at = NULL,
          updated_at = now()
      FROM decided d
      WHERE t.id = d.id AND t.status = 'running'
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.input_payload, t.attempts,
                t.max_attempts, t.status, t.run_at, t.error_code, d.reason
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id,
             CASE status WHEN 'queued' THEN 'task.retried' WHEN 'canceled' THEN 'task.canceled' ELSE 'task.failed' END,
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'max_attempts', max_attempts,
                                'reason', reason, 'run_at', CASE WHEN status = 'queued' THEN run_at END)
      FROM swept
      WHERE job_id IS NOT NULL
    )
    SELECT * FROM swept`,
};

/** Sweep up to `limit` expired or timed-out running tasks. */
export async function sweepTasks(
  exec: Exec,
  options: { limit: number; policies: readonly RetryPolicy[]; now?: Date | undefined },
): Promise<SweptFinal[]> {
  const rows = await exec(sweepTasksStatement, [
    clockValue(options.now),
    options.limit,
    options.policies.map((p) => p.taskType),
    options.policies.map((p) => p.baseDelayMs),
    options.policies.map((p) => p.maxDelayMs),
  ]);
  return rows.map((r) => ({
    id: r.id as string,
    taskType: r.task_type as string,
    status: r.status as SweptTask["status"],
    reason: r.reason as SweptTask["reason"],
    jobId: (r.job_id as string | null) ?? null,
    ownerUserId: r.owner_user_id as string,
    traceId: r.trace_id as string,
    inputPayload: (r.input_payload as Record<string, unknown>) ?? {},
    errorCode: r.error_code as string,
  }));
}
