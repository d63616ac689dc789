/**
 * The hot read path: one owner-scoped row by primary key in one round trip.
 *
 * The reads clients poll (`GET /jobs/{id}`, `GET /tasks/{id}`, the SSE stream)
 * go through `runOwnerStatement`, which sends the owner scope and the SELECT
 * as a single message instead of `withOwner`'s four round trips; row-level
 * security applies exactly as inside `withOwner`. The statement text is
 * written out (the id is a checked UUID, the owner an escaped literal) rather
 * than built by the query builder on every poll.
 */
import { type InferSelectModel, sql } from "drizzle-orm";
import pg from "pg";
import type { Database } from "./client.js";
import { runOwnerStatement } from "./owner-statement.js";
import { isUuid } from "./repositories/ids.js";
import { mapFirst } from "./repositories/row-mapping.js";
import { jobs, tasks } from "./schema.js";

type OwnedTable = typeof jobs | typeof tasks;

const SELECT_BY_ID = new Map<OwnedTable, string>([
  [jobs, "SELECT * FROM jobs WHERE id = $id AND owner_user_id = $owner"],
  [tasks, "SELECT * FROM tasks WHERE id = $id AND owner_user_id = $owner"],
]);

/** The owner's row of `table` with primary key `id`, or null (missing and foreign look the same). */
export async function findOwnedById<T extends OwnedTable>(
  database: Database,
  table: T,
  owner: string,
  id: string,
): Promise<InferSelectModel<T> | null> {
  if (!isUuid(id) || owner.includes("\0")) return null;
  // Replacement functions, not strings: a `$'` or `$&` inside the owner must stay literal text.
  const text = SELECT_BY_ID.get(table)!
    .replace("$id", () => `'${id.toLowerCase()}'::uuid`)
    .replace("$owner", () => pg.escapeLiteral(owner));
  const rows = await runOwnerStatement(database, owner, sql.raw(text));
  return mapFirst(table, rows) as InferSelectModel<T> | null;
}
