/**
 * Retention phases 3 and 4: finished task rows and job events past their horizons.
 *
 * Batched like the artifact phase (`FOR UPDATE SKIP LOCKED`, one transaction
 * per batch) so a large backlog never holds long locks or bloats one
 * transaction, and two runs at once split the work.
 *
 * Task rows carry the idempotency keys: a client retrying a request with the
 * same key must find the original task, so a task row is kept at least 24
 * hours after it finished, whatever the configured horizon.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import { preferOrderedIndexScan } from "./planner-settings.js";

/** Idempotency keys outlive their tasks by at least this long. */
export const MIN_TASK_RETENTION_MS = 24 * 3_600_000;

/** The finished-task cutoff: `taskDays` before now, never less than 24 hours. */
export function taskCutoff(now: Date, taskDays: number): Date {
  return new Date(now.getTime() - Math.max(taskDays * 86_400_000, MIN_TASK_RETENTION_MS));
}

/** The job-event cutoff: `eventDays` before now. */
export function eventCutoff(now: Date, eventDays: number): Date {
  return new Date(now.getTime() - eventDays * 86_400_000);
}

// The predicates repeat the partial index's (tasks_finished_idx) so the planner can use it.
const finishedTasks = (cutoff: Date) =>
  sql`status IN ('completed', 'failed', 'canceled') AND finished_at < ${cutoff.toISOString()}::timestamptz`;
const oldEvents = (cutoff: Date) => sql`created_at < ${cutoff.toISOString()}::timestamptz`;

/** Delete finished tasks older than the cutoff; returns rows and batches. */
export async function deleteOldTasks(
  database: Database,
  cutoff: Date,
  batchSize: number,
  signal?: AbortSignal,
): Promise<{ rows: number; batches: number }> {
  return deleteInBatches(database, sql`tasks`, finishedTasks(cutoff), sql`finished_at`, batchSize, signal);
}

/** Delete job events older than the cutoff; returns rows and batches. */
export async function deleteOldEvents(
  database: Database,
  cutoff: Date,
  batchSize: number,
  signal?: AbortSignal,
): Promise<{ rows: number; batches: number }> {
  return deleteInBatches(database, sql`job_events`, oldEvents(cutoff), sql`created_at`, batchSize, signal);
}

/** Dry run: how many task rows and events would go. */
export async function countOldHistory(
  database: Database,
  cutoffs: { tasks: Date; events: Date },
): Promise<{ tasks: number; events: number }> {
  return withSystem(database, async (tx) => {
    const t = await tx.execute(
      sql`SELECT count(*)::int AS n FROM tasks WHERE ${finishedTasks(cutoffs.tasks)}`,
    );
    const e = await tx.execute(
      sql`SELECT count(*)::int AS n FROM job_events WHERE ${oldEvents(cutoffs.events)}`,
    );
    return { tasks: Number(t.rows[0]?.n ?? 0), events: Number(e.rows[0]?.n ?? 0) };
  });
}

async function deleteInBatches(
  database: Database,
  table: SQL,
  where: SQL,
  orderBy: SQL,
  batchSize: number,
  signal: AbortSignal | undefined,
): Promise<{ rows: number; batches: number }> {
  let rows = 0;
  let batches = 0;
  // Keyset cursor over (order column, id), as in expired-artifacts.ts (and for the same reason spelled
  // with scalar comparisons): no batch rescans the dead index entries the previous batches left behind.
  let after: { at: string; id: string } | undefined;
  while (!signal?.aborted) {
    const cursor = after;
    const deleted = await withSystem(database, async (tx) => {
      await preferOrderedIndexScan(tx);
      const result = await tx.execute(sql`
        WITH doomed AS (
          SELECT id FROM ${table}
          WHERE ${where}
            ${cursor ? sql`AND ${orderBy} >= ${cursor.at}::timestamptz AND (${orderBy} > ${cursor.at}::timestamptz OR id > ${cursor.id})` : sql``}
          ORDER BY ${orderBy}, id
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        ),
        gone AS (
          DELETE FROM ${table} t USING doomed WHERE t.id = doomed.id RETURNING t.id, t.${orderBy} AS at
        )
        SELECT id::text AS id, at::text AS at FROM gone ORDER BY gone.at, gone.id`);
      return result.rows as { id: string; at: string }[];
    });
    if (deleted.length === 0) break;
    rows += deleted.length;
    batches++;
    const last = deleted[deleted.length - 1] as { id: string; at: string };
    after = { at: last.at, id: last.id };
    if (deleted.length < batchSize) break;
  }
  return { rows, batches };
}
