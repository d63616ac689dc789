/**
 * Turn rows of hand-written SQL into the same typed objects Drizzle returns.
 *
 * The hot statements (upserts, version allocation, retention windows) are
 * written out in SQL and come back as raw driver rows keyed by column name.
 * Each Drizzle column knows how to decode its driver value (timestamps, int8,
 * jsonb differ between node-postgres and PGlite), so decoding through the
 * table's columns keeps one row type per table whichever way it was read.
 */
import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";

/** Decode one raw row (keyed by SQL column names) into the table's select type. */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
}

/** The first row decoded, or null when the statement returned none. */
export function mapFirst<T extends Table>(
  table: T,
  rows: readonly Record<string, unknown>[],
): InferSelectModel<T> | null {
  const first = rows[0];
  return first ? mapRow(table, first) : null;
}
