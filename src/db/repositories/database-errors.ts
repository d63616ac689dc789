/**
 * Recognise PostgreSQL errors by SQLSTATE, however deeply they are wrapped.
 *
 * Drizzle wraps driver errors (`DrizzleQueryError`, with the driver's error as
 * `cause`); the SQLSTATE and constraint name live on the innermost one.
 */
import { AppError, SQLSTATE } from "../../errors.js";

export type PgErrorInfo = { code: string; constraint: string | undefined };

/** The SQLSTATE and constraint of the first PostgreSQL error in the cause chain. */
export function pgErrorInfo(error: unknown): PgErrorInfo | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = (e as { constraint?: unknown }).constraint;
      return { code, constraint: typeof constraint === "string" ? constraint : undefined };
    }
  }
  return undefined;
}

/** True when `error` is a unique violation, optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const info = pgErrorInfo(error);
  return (
    info?.code === SQLSTATE.uniqueViolation && (constraint === undefined || info.constraint === constraint)
  );
}

/** SQLSTATEs that mean "this value is not acceptable", i.e. the caller's input is at fault. */
const INPUT_SQLSTATES = new Set<string>([
  SQLSTATE.checkViolation,
  SQLSTATE.notNullViolation,
  SQLSTATE.stringDataRightTruncation,
  SQLSTATE.numericValueOutOfRange,
  SQLSTATE.invalidDatetimeFormat,
  SQLSTATE.datetimeFieldOverflow,
  SQLSTATE.characterNotInRepertoire, // a NUL byte in text
  SQLSTATE.invalidTextRepresentation, // e.g. a malformed uuid
  SQLSTATE.untranslatableCharacter, // \u0000 in jsonb
]);

/**
 * Rethrow errors caused by bad input values (constraint violations, malformed
 * or out-of-range values) as `validation_failed`, naming the constraint but
 * never the row; anything else unchanged.
 */
export function rethrowInputError(error: unknown): never {
  const info = pgErrorInfo(error);
  if (info && INPUT_SQLSTATES.has(info.code)) {
    throw new AppError("validation_failed", "The value is not allowed.", {
      cause: error,
      details: info.constraint ? { constraint: info.constraint } : undefined,
    });
  }
  throw error;
}
