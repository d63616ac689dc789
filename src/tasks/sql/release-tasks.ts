/**
 * Fenced hand-back of tasks a stopping worker could not finish in its grace period.
 *
 * The tasks go straight back to `queued`, runnable now, and the attempt is
 * given back (`attempts - 1`): a deploy or scale-down is not the task's
 * fault and must not eat into its retries. Appends `task.retried` with
 * reason `shutdown`.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { sqlNow } from "./clock.js";
import type { Lease } from "./heartbeat-tasks.js";

/** Requeue the given held tasks; returns the ids released. */
export async function releaseTasks(
  tx: Tx,
  leases: readonly Lease[],
  options: { now?: Date | undefined } = {},
): Promise<Set<string>> {
  if (leases.length === 0) return new Set();
  const input = JSON.stringify(leases.map((l) => ({ id: l.id, lease_token: l.leaseToken })));
  const now = sqlNow(options.now);
  const result = await tx.execute(sql`
    WITH held AS (
      SELECT i.id, i.lease_token
      FROM jsonb_to_recordset(${input}::jsonb) AS i(id uuid, lease_token uuid)
    ),
    released AS (
      UPDATE tasks t
      SET status = 'queued', attempts = greatest(t.attempts - 1, 0), run_at = ${now},
          lease_token = NULL, lease_expires_at = NULL, stage = NULL, progress = NULL
      FROM held h
      WHERE t.id = h.id AND t.status = 'running' AND t.lease_token = h.lease_token
      RETURNING t.id, t.job_id, t.owner_user_id, t.trace_id, t.task_type, t.attempts
    ),
    events AS (
      INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
      SELECT job_id, owner_user_id, id, trace_id, 'task.retried',
             jsonb_build_object('task_type', task_type, 'attempt', attempts + 1, 'reason', 'shutdown')
      FROM released
      WHERE job_id IS NOT NULL
    )
    SELECT id FROM released
  `);
  return new Set(result.rows.map((r) => r.id as string));
}
