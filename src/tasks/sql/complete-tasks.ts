/**
 * Fenced completion of a batch of tasks, in one statement.
 *
 * Like graphile-worker's `completeJobs`, finished tasks are completed
 * together: a worker running many short tasks pays one round trip for all
 * the completions that piled up while the previous batch was being written.
 * Each row is still fenced on its own lease token: a task whose lease this
 * worker lost is simply absent from the result, and its result is discarded.
 * The `task.completed` job events are written by the same statement.
 * The batch arrives as three parallel arrays (ids, lease tokens, results as
 * JSON text, each parsed once into `jsonb`); each result was checked as it was
 * serialized (see task-result.ts) so that one bad value cannot fail its neighbours.
 * The tasks are found by primary key, so a batch costs the same however many
 * tasks are running; left to itself the planner read every running task into
 * a hash table per batch (at 4 workers x 16 in flight, a sixth of the
 * database's time per task).
 */
import type { Exec, Statement } from "./exec.js";
import { batchByPrimaryKey, clockValue } from "./exec.js";

/** `resultJson`: the result as checked and serialized by `serializeResult` (task-result.ts). */
export type Completion = { id: string; leaseToken: string; resultJson: string };

export const completeTasksStatement: Statement = {
  name: "ra.tasks.complete",
  settings: batchByPrimaryKey,
  text: `
    WITH finished AS (
      SELECT i.id, i.lease_token, i.result::jsonb AS result
      FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS i(id, lease_token, result)
    ),
    completed AS (
      UPDATE tasks t
      SET status = 'completed', result = f.result, finished_at = coalesce($1::timestamptz, now()), progress = 100,
          error_code = NULL, error_message = NULL, lease_expires_at = NULL, updated_at = now()
      FROM finished f
      WHERE t.id = f.id AND t.lease_token = f.lease_token AND (t.status || '') = 'running'
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
  const rows = await exec(completeTasksStatement, [
    clockValue(options.now),
    completions.map((c) => c.id),
    completions.map((c) => c.leaseToken),
    completions.map((c) => c.resultJson),
  ]);
  return new Set(rows.map((r) => r.id as string));
}
