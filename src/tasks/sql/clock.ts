/**
 * The clock inside SQL.
 *
 * Every time comparison of the engine happens in the database, as
 * `coalesce($now, now())` (River's pattern): production passes nothing and
 * the server's clock decides, so workers on machines with skewed clocks still
 * agree on who holds a lease; tests pass an injected instant and never sleep.
 */
import { type SQL, sql } from "drizzle-orm";

/** `coalesce($now, now())` for an optional injected instant. */
export function sqlNow(now: Date | undefined): SQL {
  return sql`coalesce(${now ? now.toISOString() : null}::timestamptz, now())`;
}

/**
 * A timestamptz as read by `tx.execute`: PGlite gives a Date, Drizzle's
 * node-postgres session leaves the server's text (`2026-01-01 10:00:00.123+00`).
 */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
