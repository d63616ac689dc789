/**
 * The hot read path: one owner-scoped row by primary key in one round trip.
 *
 * The reads clients poll (`GET /jobs/{id}`, `GET /tasks/{id}`, the SSE stream)
 * go through `runOwnerStatement`, which sends the owner scope and the SELECT
 * as a single message instead of `withOwner`'s four round trips; row-level
 * security applies exactly as inside `withOwner`.
 */
import { and, eq, type InferSelectModel, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { runOwnerStatement } from "../db/owner-statement.js";
import { isUuid } from "../db/repositories/ids.js";
import { mapFirst } from "../db/repositories/row-mapping.js";
import type { jobs, tasks } from "../db/schema.js";

type OwnedTable = typeof jobs | typeof tasks;

/** The owner's row of `table` with primary key `id`, or null (missing and foreign look the same). */
export async function findOwnedById<T extends OwnedTable>(
  database: Database,
  table: T,
  owner: string,
  id: string,
): Promise<InferSelectModel<T> | null> {
  if (!isUuid(id)) return null;
  const rows = await runOwnerStatement(
    database,
    owner,
    sql`SELECT * FROM ${table} WHERE ${and(eq(table.id, id), eq(table.ownerUserId, owner))} LIMIT 1`,
  );
  return mapFirst(table, rows) as InferSelectModel<T> | null;
}
