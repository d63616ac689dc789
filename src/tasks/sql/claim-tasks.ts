/**
 * Claim up to `limit` queued tasks for one worker, in one statement.
 *
 * Shape, and why:
 * - The CTE walks `tasks_queued_fair_idx` (partial on status = 'queued',
 *   ordered by priority, fair_at, id) so the cost does not grow with the
 *   finished history; `FOR UPDATE SKIP LOCKED` lets concurrent workers pass
 *   each other's candidates instead of queueing on the same rows.
 * - `fair_at` is the fair claim order (see insert-tasks.ts): an owner's burst
 *   is spaced out in it, so another owner's task queued later still comes
 *   up within a few task durations.
 * - Only the task types this worker has handlers for are taken; their time
 *   budgets come in as two parallel arrays.
 * - The UPDATE sets everything the running state needs at once (status,
 *   attempts + 1, worker_id, a fresh lease_token, lease_expires_at,
 *   started_at and timeout_at from the handler's time budget), so a task is
 *   never visible half-claimed. The fresh token fences every later write of
 *   this attempt. `updated_at` is set here rather than by a trigger.
 * - The `task.started` job events are inserted by the same statement (tasks
 *   without a job get none). They name no worker: worker ids carry host
 *   names, which are not the user's business.
 * - Prepared once per connection (named); $1 is the injected clock or null.
 * - The plan must walk the index in order and stop after `limit` rows. Right
 *   after a burst of enqueues the statistics still say the queue is nearly
 *   empty, and the planner then prefers a bitmap scan that reads and sorts
 *   every queued row (measured: 16 ms per claim with 20,000 queued instead
 *   of well under 1 ms), so bitmap scans and explicit sorts are off for it.
 * - Planned once per connection (`force_generic_plan`): the plan does not
 *   depend on the parameters, and re-planning this CTE for every claim cost
 *   more database time than running it.
 * - The candidates are updated by primary key (`batchByPrimaryKey`, as the
 *   completion does). How many candidates come back is a guess (an unknown
 *   LIMIT, unknown task types, the row-level-security policy's own
 *   selectivity); planned without the policy's guess the claim hashed every
 *   row of `tasks` for each claim, so the plan must not hang on it.
 * - The claim's commit does not wait for its WAL to reach the disk
 *   (`synchronous_commit = off` for this statement only). A claim lost in a
 *   database crash leaves the task queued with no lease, so the worker's
 *   later fenced writes find no match and the task simply runs again; and
 *   any later commit that does wait (a completion, a fenced transaction)
 *   flushes the WAL before it, claims included. Completions, failures and
 *   enqueues keep waiting for the disk. With one task in flight the flush was
 *   most of a claim's latency.
 */

import { toDate } from "./clock.js";
import type { Exec, Statement } from "./exec.js";
import { batchByPrimaryKey, clockValue } from "./exec.js";

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
  fairAt: Date;
};

export type ClaimOptions = {
  workerId: string;
  limit: number;
  leaseSeconds: number;
  /** Time budget per claimable task type. */
  budgets: readonly { taskType: string; timeoutMs: number }[];
  now?: Date | undefined;
};

export const claimTasksStatement: Statement = {
  name: "ra.tasks.claim",
  settings: { ...batchByPrimaryKey, enable_sort: "off", synchronous_commit: "off" },
  text: `
    WITH budgets AS (
      SELECT b.task_type, b.timeout_ms FROM unnest($2::text[], $3::bigint[]) AS b(task_type, timeout_ms)
    ),
    candidates AS (
      SELECT t.id
      FROM tasks t
      WHERE t.status = 'queued'
        AND t.run_at <= coalesce($1::timestamptz, now())
        AND t.task_type = ANY ($2::text[])
      ORDER BY t.priority, t.fair_at, t.id
      LIMIT $4
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE tasks t
      SET status = 'running',
          attempts = t.attempts + 1,
          worker_id = $5,
          lease_token = gen_random_uuid(),
          lease_expires_at = coalesce($1::timestamptz, now()) + $6::double precision * interval '1 second',
          started_at = coalesce($1::timestamptz, now()),
          timeout_at = coalesce($1::timestamptz, now()) + b.timeout_ms * interval '1 millisecond',
          finished_at = NULL,
          updated_at = now()
      FROM candidates c, budgets b
      WHERE t.id = c.id AND b.task_type = t.task_type
      RETURNING t.id, t.job_id, t.owner_user_id, t.task_type, t.input_payload, t.attempts, t.max_attempts,
                t.trace_id, t.lease_token, t.lease_expires_at, t.timeout_at, t.run_at, t.priority, t.fair_at
    ),
    started AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.started',
             jsonb_build_object('task_type', task_type, 'attempt', attempts)
      FROM claimed
      WHERE job_id IS NOT NULL
    )
    SELECT * FROM claimed`,
};

/** Claim up to `options.limit` runnable tasks; returns them in claim order. */
export async function claimTasks(exec: Exec, options: ClaimOptions): Promise<ClaimedTask[]> {
  if (options.limit <= 0 || options.budgets.length === 0) return [];
  const rows = await exec(claimTasksStatement, [
    clockValue(options.now),
    options.budgets.map((b) => b.taskType),
    options.budgets.map((b) => b.timeoutMs),
    options.limit,
    options.workerId,
    options.leaseSeconds,
  ]);
  const claimed = rows.map((r) => ({
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
    fairAt: toDate(r.fair_at),
  }));
  return claimed.sort(
    (a, b) =>
      a.priority - b.priority ||
      a.fairAt.getTime() - b.fairAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
