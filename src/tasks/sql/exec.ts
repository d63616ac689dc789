/**
 * How the engine's statements reach the database.
 *
 * Every statement of `src/tasks/sql/` is a named, hand-written text with $n
 * parameters (`Statement`). The hot path runs it on its own, as one prepared
 * statement under the system or owner scope in one round trip
 * (`runScoped`); the rare paths that must commit together with other writes
 * (a failure and the handler's `settle` hook, a cancel inside a request's
 * transaction) run the same text inside a Drizzle transaction.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database, Tx } from "../../db/client.js";
import { runScoped, type Scope, type Statement } from "../../db/scoped-statement.js";

export type { Statement };

/** Runs one statement with its values and returns the rows. */
export type Exec = (statement: Statement, values: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** Each statement on its own, in one round trip, under `scope` (default: the system scope). */
export function scopedExec(database: Database, scope: Scope = { system: true }): Exec {
  return (statement, values) => runScoped(database, scope, statement, values);
}

/** Inside an open transaction (which already carries its scope). */
export function txExec(tx: Tx): Exec {
  return async (statement, values) => {
    for (const [key, value] of Object.entries(statement.settings ?? {})) {
      await tx.execute(sql`SELECT set_config(${key}, ${value}, true)`);
    }
    return (await tx.execute(toSql(statement.text, values))).rows;
  };
}

/** `$n` placeholders of a statement text as Drizzle parameters. */
function toSql(text: string, values: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    chunks.push(sql`${toParam(values[Number(match[1]) - 1])}`);
    last = (match.index ?? 0) + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

/** node-postgres sends arrays as array literals and objects as JSON; Drizzle's params are sent as given. */
function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value ?? null;
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return "NULL";
    const text = v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

/**
 * Planner settings of the statements that join a batch (ids and lease tokens, from `unnest`, or the
 * claim's candidates) to the tasks it names: one plan per connection that walks the batch and finds
 * each task by primary key.
 * With their status test written as an expression (see lock-lease.ts), hash and merge joins (which
 * read every running task for each batch) and bitmap scans (which never mark index entries dead)
 * are what is left to rule out.
 */
export const batchByPrimaryKey: Readonly<Record<string, string>> = {
  enable_bitmapscan: "off",
  enable_hashjoin: "off",
  enable_mergejoin: "off",
  plan_cache_mode: "force_generic_plan",
};

/** `coalesce($n::timestamptz, now())` is how every statement reads the clock; this is its value. */
export function clockValue(now: Date | undefined): string | null {
  return now ? now.toISOString() : null;
}
