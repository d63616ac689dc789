/**
 * ETag / If-Match for jobs: the entity tag is the quoted `updated_at`
 * (millisecond ISO), which the database bumps on every change.
 */
import { AppError } from "../errors.js";

/** The `updated_at` an `If-Match` header names; missing → 428, unusable → 412. */
export function expectedUpdatedAt(ifMatch: string | undefined): Date {
  if (!ifMatch) {
    throw new AppError("precondition_required", "Send If-Match with the job's ETag to change it.");
  }
  // A list of tags is allowed by RFC 9110; we honour the first strong one.
  const first = ifMatch
    .split(",")
    .map((t) => t.trim())
    .find((t) => !t.startsWith("W/"));
  const match = first ? /^"([^"]+)"$/.exec(first) : null;
  const date = match ? new Date(match[1]!) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString() !== match?.[1]) {
    throw new AppError("precondition_failed", "If-Match does not name the current version of the job.");
  }
  return date;
}
