/**
 * Claim up to `limit` queued tasks for one worker, in one statement.
 *
 * Shape, and why:
 * - The CTE walks `tasks_queued_claim_idx` (partial on status = 'queued',
 *   ordered by priority, run_at, id) so the cost does not grow with the
 *   completed history; `FOR UPDATE SKIP LOCKED` lets concurrent workers pass
 *   each other's candidates instead of queueing on the same rows.
 * - Only the task types this worker has handlers for are taken; the list is
 *   an init-plan array, so it filters inside the index scan.
 * - The UPDATE sets everything the running state needs at once (status,
 *   attempts + 1, worker_id, a fresh lease_token, lease_expires_at,
 *   started_at and timeout_at from the handler's time budget), so a task is
 *   never visible half-claimed. The fresh token is what fences every later
 *   write of this attempt.
 * - The `task.started` job events are inserted by the same statement (tasks
 *   without a job get none), so the audit trail cannot miss a start.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { sqlNow, toDate } from "./clock.js";

export type ClaimedTask = {
  id: string;
  jobId: string | null;
  ownerUserId: string;
  taskType: string;
  inputPayload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  traceId: string;
  leaseToken: string;
  leaseExpiresAt: Date;
  timeoutAt: Date;
  runAt: Date;
  priority: number;
};

export type ClaimOptions = {
  workerId: string;
  limit: number;
  leaseSeconds: number;
  /** Time budget per claimable task type. */
  budgets: readonly { taskType: string; timeoutMs: number }[];
  now?: Date | undefined;
};

/** Claim up to `options.limit` runnable tasks; returns them in claim order. */
export async function claimTasks(tx: Tx, options: ClaimOptions): Promise<ClaimedTask[]> {
  if (options.limit <= 0 || options.budgets.length === 0) return [];
  const budgets = JSON.stringify(
    options.budgets.map((b) => ({ task_type: b.taskType, timeout_ms: b.timeoutMs })),
  );
  const now = sqlNow(options.now);
  const result = await tx.execute(sql`
    WITH budgets AS (
      SELECT b.task_type, b.timeout_ms
      FROM jsonb_to_recordset(${budgets}::jsonb) AS b(task_type text, timeout_ms bigint)
    ),
    candidates AS (
      SELECT t.id
      FROM tasks t
      WHERE t.status = 'queued'
        AND t.run_at <= ${now}
        AND t.task_type = ANY ((SELECT array_agg(task_type) FROM budgets)::text[])
      ORDER BY t.priority, t.run_at, t.id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE tasks t
      SET status = 'running',
          attempts = t.attempts + 1,
          worker_id = ${options.workerId},
          lease_token = gen_random_uuid(),
          lease_expires_at = ${now} + make_interval(secs => ${options.leaseSeconds}::double precision),
          started_at = ${now},
          timeout_at = ${now} + b.timeout_ms * interval '1 millisecond',
          finished_at = NULL
      FROM candidates c, budgets b
      WHERE t.id = c.id AND b.task_type = t.task_type
      RETURNING t.id, t.job_id, t.owner_user_id, t.task_type, t.input_payload, t.attempts, t.max_attempts,
                t.trace_id, t.lease_token, t.lease_expires_at, t.timeout_at, t.run_at, t.priority
    ),
    started AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.started',
             jsonb_build_object('task_type', task_type, 'attempt', attempts, 'worker_id', ${options.workerId}::text)
      FROM claimed
      WHERE job_id IS NOT NULL
    )
    SELECT * FROM claimed ORDER BY priority, run_at, id
  `);
  return result.rows.map((r) => ({
    id: r.id as string,
    jobId: (r.job_id as string | null) ?? null,
    ownerUserId: r.owner_user_id as string,
    taskType: r.task_type as string,
    inputPayload: (r.input_payload as Record<string, unknown>) ?? {},
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    traceId: r.trace_id as string,
    leaseToken: r.lease_token as string,
    leaseExpiresAt: toDate(r.lease_expires_at),
    timeoutAt: toDate(r.timeout_at),
    runAt: toDate(r.run_at),
    priority: Number(r.priority),
  }));
}
