/**
 * Fenced completion of a batch of tasks, in one statement.
 *
 * Like graphile-worker's `completeJobs`, finished tasks are completed
 * together: a worker running many short tasks pays one round trip for all
 * the completions that piled up while the previous batch was being written.
 * Each row is still fenced on its own lease token: a task whose lease this
 * worker lost is simply absent from the result, and its result is discarded.
 * The `task.completed` job events are written by the same statement.
 * Results arrive as one JSON array (read as `json`: taken apart once, each
 * result converted to `jsonb`); the batcher has checked each one
 * (see task-result.ts) so that one bad value cannot fail its neighbours.
 */
import type { Exec, Statement } from "./exec.js";
import { clockValue } from "./exec.js";

export type Completion = { id: string; leaseToken: string; result: Record<string, unknown> };

export const completeTasksStatement: Statement = {
  name: "ra.tasks.complete",
  // One plan per connection: the shape never depends on the batch (see claim-tasks.ts). No bitmap
  // scan: planned on the statistics of a young table it read every entry of the running-task index,
  // dead ones included (a bitmap scan never marks them dead), so each batch got slower than the last.
  planner: { enable_bitmapscan: "off", plan_cache_mode: "force_generic_plan" },
  text: `
    WITH finished AS (
      SELECT i.id, i.lease_token, i.result
      FROM json_to_recordset($2::json) AS i(id uuid, lease_token uuid, result jsonb)
    ),
    completed AS (
      UPDATE tasks t
      SET status = 'completed', result = f.result, finished_at = coalesce($1::timestamptz, now()), progress = 100,
          error_code = NULL, error_message = NULL, lease_expires_at = NULL, updated_at = now()
      FROM finished f
      WHERE t.id = f.id AND t.status = 'running' AND t.lease_token = f.lease_token
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.attempts
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.completed',
             jsonb_build_object('task_type', task_type, 'attempt', attempts)
      FROM completed
      WHERE job_id IS NOT NULL
    )
    SELECT id FROM completed`,
};

/** Complete the tasks still held; returns the ids that were completed. */
export async function completeTasks(
  exec: Exec,
  completions: readonly Completion[],
  options: { now?: Date | undefined } = {},
): Promise<Set<string>> {
  if (completions.length === 0) return new Set();
  const input = JSON.stringify(
    completions.map((c) => ({ id: c.id, lease_token: c.leaseToken, result: c.result })),
  );
  const rows = await exec(completeTasksStatement, [clockValue(options.now), input]);
  return new Set(rows.map((r) => r.id as string));
}
