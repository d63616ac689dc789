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

/**
 * Rethrow constraint violations caused by bad input as `validation_failed`
 * (the message names the constraint, never the row); anything else unchanged.
 */
export function rethrowInputError(error: unknown): never {
  const info = pgErrorInfo(error);
  if (info?.code === SQLSTATE.checkViolation || info?.code === "22P02" || info?.code === "22001") {
    throw new AppError("validation_failed", "the value is not allowed", {
      cause: error,
      details: info.constraint ? { constraint: info.constraint } : undefined,
    });
  }
  throw error;
}
