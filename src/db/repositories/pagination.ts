/**
 * Keyset pagination: opaque cursors and page sizes.
 *
 * A cursor encodes the sort key of the last row returned (never an offset), so
 * pages stay stable while rows are inserted and each page is an index range
 * scan. Cursors are base64url JSON; anything that does not decode to the
 * expected shape is `invalid_cursor`, never a database error.
 */
import { AppError } from "../../errors.js";

export type Page<T> = { items: T[]; nextCursor: string | null };

export type PageRequest = { limit?: number | undefined; cursor?: string | null | undefined };

/** The text form of a timestamp sort key in a cursor (what `to_char(… 'US')` renders). */
export const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Clamp a requested page size into 1..MAX_PAGE_SIZE. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** Encode a sort key as an opaque cursor. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * Decode a cursor made by `encodeCursor` and check each element with `accept`.
 * Returns null for a missing cursor (first page).
 */
export function decodeCursor(
  cursor: string | null | undefined,
  accept: readonly ((value: unknown) => boolean)[],
): unknown[] | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new AppError("invalid_cursor", "The cursor is not valid.", { cause: error });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== accept.length ||
    !parsed.every((value, i) => accept[i]?.(value) === true)
  ) {
    throw new AppError("invalid_cursor", "The cursor is not valid.");
  }
  return parsed;
}

/** Split `limit + 1` fetched rows into a page and the cursor for the next one. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => readonly (string | number)[],
): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1] as T)) };
}
