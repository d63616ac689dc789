/**
 * Renew the leases of every task a worker is running, in one statement.
 *
 * Fenced: a row is renewed only while it is still `running` under the lease
 * token this worker got at claim. A task missing from the result was taken
 * away (the sweeper requeued it after the lease expired, or it timed out or was
 * canceled while queued): the worker must stop it and discard its result.
 * A task past its `timeout_at` is not renewed, so a worker that ignores its
 * abort signal loses the task when the lease runs out.
 * `cancel_requested_at` comes back so a cancel reaches the handler within one
 * heartbeat even when the NOTIFY was missed.
 */
import { toDate } from "./clock.js";
import type { Exec, Statement } from "./exec.js";
import { batchByPrimaryKey, clockValue } from "./exec.js";

export type Lease = { id: string; leaseToken: string };

export type HeartbeatResult = {
  id: string;
  leaseExpiresAt: Date;
  cancelRequested: boolean;
  timedOut: boolean;
};

export const heartbeatTasksStatement: Statement = {
  name: "ra.tasks.heartbeat",
  settings: batchByPrimaryKey,
  text: `
    WITH held AS (
      SELECT h.id, h.lease_token FROM unnest($2::uuid[], $3::uuid[]) AS h(id, lease_token)
    )
    UPDATE tasks t
    SET lease_expires_at = CASE
          WHEN t.timeout_at IS NOT NULL AND t.timeout_at <= coalesce($1::timestamptz, now()) THEN t.lease_expires_at
          ELSE coalesce($1::timestamptz, now()) + $4::double precision * interval '1 second'
        END
    FROM held h
    WHERE t.id = h.id AND t.lease_token = h.lease_token AND (t.status || '') = 'running'
    RETURNING t.id, t.lease_expires_at, t.cancel_requested_at IS NOT NULL AS cancel_requested,
              (t.timeout_at IS NOT NULL AND t.timeout_at <= coalesce($1::timestamptz, now())) AS timed_out`,
};

/** Extend the leases still held; returns one entry per task still owned. */
export async function heartbeatTasks(
  exec: Exec,
  leases: readonly Lease[],
  options: { leaseSeconds: number; now?: Date | undefined },
): Promise<HeartbeatResult[]> {
  if (leases.length === 0) return [];
  const rows = await exec(heartbeatTasksStatement, [
    clockValue(options.now),
    leases.map((l) => l.id),
    leases.map((l) => l.leaseToken),
    options.leaseSeconds,
  ]);
  return rows.map((r) => ({
    id: r.id as string,
    leaseExpiresAt: toDate(r.lease_expires_at),
    cancelRequested: r.cancel_requested === true,
    timedOut: r.timed_out === true,
  }));
}
