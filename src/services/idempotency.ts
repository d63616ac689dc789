/**
 * Idempotency keys (IETF draft `Idempotency-Key`), scoped to the owner.
 *
 * The key is stored on the task a request creates (`tasks` has UNIQUE
 * (owner_user_id, idempotency_key) and the request's hash), so the database
 * decides which of many concurrent identical requests wins. A request without
 * a key gets a random one: it is then simply never replayed.
 *
 * `POST /jobs` creates a job as well as its parse task. Its job id is derived
 * from (owner, key), so concurrent or repeated uploads with one key name the
 * same job row and the primary key lets only one of them create it.
 */
import { createHash, randomUUID } from "node:crypto";

/** The key to store on the task: the client's, or a fresh one that never collides. */
export function effectiveKey(clientKey: string | undefined): string {
  return clientKey ?? `auto:${randomUUID()}`;
}

/** A UUID (version 8, name-based) derived from owner and key; random when there is no client key. */
export function jobIdFor(ownerUserId: string, clientKey: string | undefined): string {
  if (!clientKey) return randomUUID();
  const h = createHash("sha256").update(`resume-agent/job\0${ownerUserId}\0${clientKey}`, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
