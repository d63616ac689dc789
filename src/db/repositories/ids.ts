/**
 * Identifier checks done before a query reaches the database.
 *
 * A malformed id would make PostgreSQL raise `invalid_text_representation`;
 * answering "not found" instead keeps a guessed id indistinguishable from
 * another owner's.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical textual UUID (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
