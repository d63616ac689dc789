/**
 * The fingerprint of a task request, stored in `tasks.request_hash`.
 *
 * Two creates with the same idempotency key are the same request only if they
 * ask for the same thing. Keys are sorted recursively (canonical JSON) so
 * property order in the payload does not matter.
 */
import { createHash } from "node:crypto";
import { configure } from "safe-stable-stringify";

const canonicalJson = configure({ deterministic: true, bigint: true, circularValue: TypeError });

/** sha256 (hex) of the canonical JSON of task type, job id and input payload. */
export function taskRequestHash(request: {
  task_type: string;
  job_id: string | null;
  input_payload: unknown;
}): string {
  const canonical = canonicalJson({
    task_type: request.task_type,
    job_id: request.job_id,
    input_payload: request.input_payload ?? {},
  });
  return createHash("sha256")
    .update(canonical ?? "null", "utf8")
    .digest("hex");
}
