/**
 * The fence of `ctx.fencedTransaction`: lock the task row if this worker still holds it.
 *
 * `FOR NO KEY UPDATE` holds off the sweeper, a cancel and any other writer
 * of the row until the handler's transaction ends, so the effects it commits
 * and "this worker owns the task" are true at the same instant. It is the
 * weakest lock that conflicts with an UPDATE, so foreign keys pointing at the
 * task (artifacts.task_id) can still be checked by other transactions.
 * The task is found by its primary key. The status test is written as an
 * expression the partial running-task index cannot answer: with
 * `status = 'running'` both the generic and the custom plans, made on the
 * statistics of a queue that was just filled (nothing running), preferred a
 * scan of that whole index filtered by id, so every fenced write of every
 * handler read every running task. The same holds for the other fenced
 * writes of one task (progress, fail-or-retry, mark-canceled).
 */
import type { Exec, Statement } from "./exec.js";

export type LeaseState = "held" | "lost" | "cancel_requested";

export const lockLeaseStatement: Statement = {
  name: "ra.tasks.lock-lease",
  text: `
    SELECT cancel_requested_at IS NOT NULL AS cancel_requested
    FROM tasks
    WHERE id = $1 AND lease_token = $2 AND (status || '') = 'running'
    FOR NO KEY UPDATE`,
};

/** Lock the row while the lease is held; tells why not otherwise. */
export async function lockLease(exec: Exec, lease: { id: string; leaseToken: string }): Promise<LeaseState> {
  const [row] = await exec(lockLeaseStatement, [lease.id, lease.leaseToken]);
  if (!row) return "lost";
  return row.cancel_requested === true ? "cancel_requested" : "held";
}
