/**
 * The fence of `ctx.fencedTransaction`: lock the task row if this worker still holds it.
 *
 * `FOR NO KEY UPDATE` holds off the sweeper, a cancel and any other writer
 * of the row until the handler's transaction ends, so the effects it commits
 * and "this worker owns the task" are true at the same instant. It is the
 * weakest lock that conflicts with an UPDATE, so foreign keys pointing at the
 * task (artifacts.task_id) can still be checked by other transactions.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";

export type LeaseState = "held" | "lost" | "cancel_requested";

/** Lock the row while the lease is held; tells why not otherwise. */
export async function lockLease(tx: Tx, lease: { id: string; leaseToken: string }): Promise<LeaseState> {
  const result = await tx.execute(sql`
    SELECT cancel_requested_at IS NOT NULL AS cancel_requested
    FROM tasks
    WHERE id = ${lease.id} AND status = 'running' AND lease_token = ${lease.leaseToken}
    FOR NO KEY UPDATE
  `);
  const row = result.rows[0];
  if (!row) return "lost";
  return row.cancel_requested === true ? "cancel_requested" : "held";
}
