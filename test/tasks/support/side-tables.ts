/**
 * Side tables the test handlers write to, so tests can count runs and effects
 * independently of the task rows themselves.
 *
 * - task_runs: one row per attempt that reached the handler (not fenced): shows double claims.
 * - task_effects: the handler's durable effect, written in `ctx.fencedTransaction`
 *   with check-then-insert and deliberately no unique constraint, so only the
 *   fencing can keep it at one row per task.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../../src/db/client.js";

export async function createSideTables(database: Database): Promise<void> {
  await database.db.execute(sql`
    CREATE TABLE IF NOT EXISTS task_runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id uuid NOT NULL,
      worker_id text NOT NULL,
      attempt int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await database.db.execute(sql`
    CREATE TABLE IF NOT EXISTS task_effects (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id uuid NOT NULL,
      worker_id text NOT NULL,
      attempt int NOT NULL
    )`);
  await database.db.execute(sql`GRANT SELECT, INSERT ON task_runs, task_effects TO resume_agent_app`);
}

export type SideCounts = { runs: Map<string, number>; effects: Map<string, number> };

/** Rows per task id in both side tables. */
export async function sideCounts(database: Database): Promise<SideCounts> {
  const runs = await database.db.execute(
    sql`SELECT task_id, count(*)::int AS n FROM task_runs GROUP BY task_id`,
  );
  const effects = await database.db.execute(
    sql`SELECT task_id, count(*)::int AS n FROM task_effects GROUP BY task_id`,
  );
  const toMap = (rows: Record<string, unknown>[]) =>
    new Map(rows.map((r) => [r.task_id as string, Number(r.n)]));
  return { runs: toMap(runs.rows), effects: toMap(effects.rows) };
}
