/**
 * One owner-scoped statement in one round trip.
 *
 * `withOwner` costs four round trips for a single statement: BEGIN, the
 * set_config of owner and role, the statement, COMMIT. For the hottest
 * single-statement calls (version allocation, idempotent task creation, a
 * task status read) that is most of their cost. Here the scope and the
 * statement travel as ONE simple-protocol message:
 *
 *   SET LOCAL ROLE resume_agent_app; SET LOCAL app.owner_user_id = '<owner>';
 *   <statement>
 *
 * PostgreSQL runs a multi-statement message as one implicit transaction, so
 * the LOCAL settings hold for the statement and vanish at its end (the
 * connection goes back to the pool clean, also after an error), and
 * row-level security applies exactly as inside `withOwner`. (SET LOCAL is the
 * same as `withOwner`'s set_config(…, true); as utility statements they skip
 * the planner, which measured about 20% more throughput than a SELECT of
 * set_config here.) It is also safe
 * behind PgBouncer in transaction mode: the whole message is one transaction.
 *
 * The simple protocol has no bind parameters, so values are inlined as
 * literals escaped by node-postgres' `escapeLiteral` (quotes doubled; any
 * backslash switches to an E'' literal, so the result does not depend on
 * standard_conforming_strings). Statement text itself always comes from code.
 * On PGlite (in process, no round trips) this is plain `withOwner`.
 */
import type { SQL } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { AppError } from "../errors.js";
import type { Database } from "./client.js";
import { APP_ROLE, withOwner } from "./owner-scope.js";

const dialect = new PgDialect({ casing: "snake_case" });
const casing = new CasingCache("snake_case");

/**
 * An escaped string literal. A NUL byte cannot be part of a simple-protocol
 * message (the server would read the text only up to it), and PostgreSQL
 * text cannot hold one anyway: refuse it as bad input.
 */
function literal(value: string): string {
  if (value.includes("\0")) throw new AppError("validation_failed", "Text must not contain NUL characters.");
  return pg.escapeLiteral(value);
}

/** Render a Drizzle `sql` fragment as text with every parameter inlined as an escaped literal. */
export function inlineSql(query: SQL): string {
  const rendered = query.toQuery({
    casing,
    escapeName: (name) => dialect.escapeName(name),
    escapeParam: (num) => dialect.escapeParam(num),
    escapeString: literal,
    inlineParams: true,
  });
  if (rendered.params.length > 0) throw new Error("a parameter could not be inlined");
  return rendered.sql;
}

/** Run `query` as `owner` under row-level security, in one round trip. Returns its rows. */
export async function runOwnerStatement(
  database: Database,
  owner: string,
  query: SQL,
): Promise<Record<string, unknown>[]> {
  if (!owner) throw new AppError("unauthorized", "An owner is required.");
  const pool = database.pool;
  if (!pool) return (await withOwner(database, owner, (tx) => tx.execute(query))).rows;
  const text = `SET LOCAL ROLE ${pg.escapeIdentifier(APP_ROLE)}; SET LOCAL app.owner_user_id = ${literal(owner)};\n${inlineSql(query)}`;
  const results = (await pool.query(text)) as unknown as pg.QueryResult[];
  if (!Array.isArray(results) || results.length !== 3) {
    throw new Error("an owner statement must be exactly one SQL statement");
  }
  return results[2]!.rows as Record<string, unknown>[];
}
