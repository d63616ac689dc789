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
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { sqlNow, toDate } from "./clock.js";

export type Lease = { id: string; leaseToken: string };

export type HeartbeatResult = {
  id: string;
  leaseExpiresAt: Date;
  cancelRequested: boolean;
  timedOut: boolean;
};

/** Extend the leases still held; returns one entry per task still owned. */
export async function heartbeatTasks(
  tx: Tx,
  leases: readonly Lease[],
  options: { leaseSeconds: number; now?: Date | undefined },
): Promise<HeartbeatResult[]> {
  if (leases.length === 0) return [];
  const input = JSON.stringify(leases.map((l) => ({ id: l.id, lease_token: l.leaseToken })));
  const now = sqlNow(options.now);
  const result = await tx.execute(sql`
    WITH held AS (
      SELECT i.id, i.lease_token
      FROM jsonb_to_recordset(${input}::jsonb) AS i(id uuid, lease_token uuid)
    )
    UPDATE tasks t
    SET lease_expires_at = CASE
          WHEN t.timeout_at IS NOT NULL AND t.timeout_at <= ${now} THEN t.lease_expires_at
          ELSE ${now} + make_interval(secs => ${options.leaseSeconds}::double precision)
        END
    FROM held h
    WHERE t.id = h.id AND t.status = 'running' AND t.lease_token = h.lease_token
    RETURNING t.id, t.lease_expires_at, t.cancel_requested_at IS NOT NULL AS cancel_requested,
              (t.timeout_at IS NOT NULL AND t.timeout_at <= ${now}) AS timed_out
  `);
  return result.rows.map((r) => ({
    id: r.id as string,
    leaseExpiresAt: toDate(r.lease_expires_at),
    cancelRequested: r.cancel_requested === true,
    timedOut: r.timed_out === true,
  }));
}
