/**
 * Planner settings for retention's batch queries, set per transaction.
 *
 * Under row-level security every scan carries the policy predicate
 * `owner_user_id = current_setting(…) OR current_setting('app.system') = 'on'`,
 * whose selectivity the planner cannot know; it guesses that a few hundred
 * rows match. For "the oldest N expired rows" it then prefers a full scan, a
 * hash anti-join and a sort of everything (120 ms per batch on 100 k rows)
 * over walking the (time, id) index in order and stopping after N rows
 * (1.3 ms). Switching those alternatives off for the batch transaction only
 * leaves the plan the query is written for; `SET LOCAL` ends with the
 * transaction, so nothing else is affected.
 *
 * JIT goes off too: a disabled plan node still counts with a huge penalty
 * cost (the final sorts cannot be avoided), which crosses `jit_above_cost` and
 * spent 250 ms compiling a query that runs in 2 ms.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../db/client.js";

/** Make the planner walk the retention index in order (see the module comment). */
export async function preferOrderedIndexScan(tx: Tx): Promise<void> {
  await tx.execute(
    sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
               set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`,
  );
}
