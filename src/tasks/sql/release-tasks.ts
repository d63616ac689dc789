/**
 * Fenced hand-back of tasks a stopping worker could not finish (or had not
 * started yet) before it stopped.
 *
 * The tasks go straight back to `queued`, runnable now, and the attempt is
 * given back (`attempts - 1`): a deploy or scale-down is not the task's
 * fault and must not eat into its retries. Appends `task.retried` with
 * reason `shutdown`.
 */
import type { Exec, Statement } from "./exec.js";
import { batchByPrimaryKey, clockValue } from "./exec.js";
import type { Lease } from "./heartbeat-tasks.js";

export const releaseTasksStatement: Statement = {
  name: "ra.tasks.release",
  settings: batchByPrimaryKey,
  text: `
    WITH held AS (
      SELECT h.id, h.lease_token FROM unnest($2::uuid[], $3::uuid[]) AS h(id, lease_token)
    ),
    released AS (
      UPDATE tasks t
      SET status = 'queued', attempts = greatest(t.attempts - 1, 0), run_at = coalesce($1::timestamptz, now()),
          lease_token = NULL, lease_expires_at = NULL, stage = NULL, progress = NULL,
          updated_at = now()
      FROM held h
      WHERE t.id = h.id AND t.lease_token = h.lease_token AND (t.status || '') = 'running'
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.attempts
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.retried',
             jsonb_build_object('task_type', task_type, 'attempt', attempts + 1, 'reason', 'shutdown')
      FROM released
      WHERE job_id IS NOT NULL
    )
    SELECT id FROM released`,
};

/** Requeue the given held tasks; returns the ids released. */
export async function releaseTasks(
  exec: Exec,
  leases: readonly Lease[],
  options: { now?: Date | undefined } = {},
): Promise<Set<string>> {
  if (leases.length === 0) return new Set();
  const rows = await exec(releaseTasksStatement, [
    clockValue(options.now),
    leases.map((l) => l.id),
    leases.map((l) => l.leaseToken),
  ]);
  return new Set(rows.map((r) => r.id as string));
}
