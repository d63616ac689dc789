/**
 * Owner-scoped blob paths: `users/{encoded owner}/jobs/{job id}/…`.
 *
 * The owner id is base64url-encoded, so whatever characters an identity
 * provider puts in a subject (`/`, `..`, `%`, unicode) it becomes one segment
 * of `[A-Za-z0-9_-]` that cannot escape its prefix or collide with another
 * owner's (the encoding is injective and each prefix ends in `/`). Job ids
 * must be UUIDs; file names are reduced to a safe subset (the user-facing name
 * lives in the database row and reaches the browser through
 * `Content-Disposition`, never through the path).
 *
 * Adapters call `assertBlobPath` on every path they receive, so a path that
 * did not come from here (or was tampered with) is rejected before it can
 * touch a file system or a container.
 */
import { AppError } from "../errors.js";

/** Every blob of every owner lives under this prefix. */
export const USERS_PREFIX = "users/";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** A kind is one segment: lower-case words joined by `_` (`pdf`, `cover_letter_pdf`). */
const ARTIFACT_KIND = /^[a-z]{2,8}(?:_[a-z]{2,8}){0,3}$/;
/** Azure allows 1024 characters; stay well below so a prefix plus name always fits. */
const MAX_PATH_LENGTH = 900;
const MAX_OWNER_LENGTH = 255;
const MAX_FILENAME_LENGTH = 100;

/** The encoded path segment for an owner id. */
export function encodeOwner(ownerUserId: string): string {
  if (typeof ownerUserId !== "string" || ownerUserId.length === 0 || ownerUserId.length > MAX_OWNER_LENGTH) {
    throw new AppError("validation_failed", "Owner id must be 1-255 characters.");
  }
  return Buffer.from(ownerUserId, "utf8").toString("base64url");
}

/** The owner id from its encoded segment, or null when the segment is not a valid encoding. */
export function decodeOwner(segment: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  const owner = Buffer.from(segment, "base64url").toString("utf8");
  // Reject non-canonical encodings so one owner has exactly one prefix.
  return owner.length > 0 && encodeOwnerUnchecked(owner) === segment ? owner : null;
}

function encodeOwnerUnchecked(owner: string): string {
  return Buffer.from(owner, "utf8").toString("base64url");
}

/** `users/{owner}/` — the prefix of everything one owner has stored. */
export function ownerBlobPrefix(ownerUserId: string): string {
  return `${USERS_PREFIX}${encodeOwner(ownerUserId)}/`;
}

/** `users/{owner}/jobs/{job}/` — the prefix of everything stored for one job. */
export function jobBlobPrefix(ownerUserId: string, jobId: string): string {
  return `${ownerBlobPrefix(ownerUserId)}jobs/${checkJobId(jobId)}/`;
}

/** Where the uploaded CV of a job is stored. */
export function uploadBlobPath(ownerUserId: string, jobId: string, filename: string): string {
  return `${jobBlobPrefix(ownerUserId, jobId)}upload/${safeFilename(filename)}`;
}

/**
 * Where a job's photo is stored; one per job, and a new upload gets a new name (its hash) so a
 * replaced photo's blob is never overwritten under a row that still names it.
 */
export function photoBlobPath(ownerUserId: string, jobId: string, sha256: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(sha256))
    throw new AppError("validation_failed", "photo name must be a hex digest");
  return `${jobBlobPrefix(ownerUserId, jobId)}photo/${sha256}.jpg`;
}

/** Where an artifact is stored once its version is known: `…/artifacts/{kind}/v{version}/{file}`. */
export function artifactBlobPath(
  ownerUserId: string,
  jobId: string,
  kind: string,
  version: number,
  filename: string,
): string {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new AppError("validation_failed", "Artifact version must be a positive integer.");
  }
  return `${jobBlobPrefix(ownerUserId, jobId)}artifacts/${checkKind(kind)}/v${version}/${safeFilename(filename)}`;
}

/**
 * Where an export task writes an artifact before its row (and version) is committed:
 * `…/artifacts/{kind}/t-{task id}/{file}`. Deterministic per (task, kind), so a retried
 * task overwrites its own earlier upload instead of leaving a second blob behind, and
 * `UNIQUE (task_id, kind)` on the row keeps the path unique.
 */
export function taskArtifactBlobPath(
  ownerUserId: string,
  jobId: string,
  kind: string,
  taskId: string,
  filename: string,
): string {
  if (!UUID.test(taskId)) throw new AppError("validation_failed", "Task id must be a UUID.");
  return `${jobBlobPrefix(ownerUserId, jobId)}artifacts/${checkKind(kind)}/t-${taskId}/${safeFilename(filename)}`;
}

export type ParsedBlobPath = { ownerUserId: string; jobId: string; rest: string };

/** Split a path built here back into owner, job and the remainder; null for anything else. */
export function parseBlobPath(path: string): ParsedBlobPath | null {
  const match = /^users\/([A-Za-z0-9_-]+)\/jobs\/([0-9a-f-]{36})\/(.+)$/.exec(path);
  if (!match) return null;
  const [, encodedOwner = "", jobId = "", rest = ""] = match;
  const ownerUserId = decodeOwner(encodedOwner);
  if (ownerUserId === null || !UUID.test(jobId)) return null;
  return { ownerUserId, jobId, rest };
}

/**
 * Throw unless `path` is a relative path of safe segments: no `.`/`..`, no empty
 * segment, no leading slash or backslash, nothing outside `[A-Za-z0-9._-]`.
 */
export function assertBlobPath(path: string): string {
  if (typeof path !== "string" || path.length === 0 || path.length > MAX_PATH_LENGTH) {
    throw new AppError("validation_failed", "Invalid blob path.");
  }
  for (const segment of path.split("/")) {
    if (!SEGMENT.test(segment) || segment === "." || segment === "..") {
      throw new AppError("validation_failed", "Invalid blob path.");
    }
  }
  return path;
}

/** Throw unless `prefix` is empty or a prefix made of safe characters (used by `list`). */
export function assertBlobPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  if (prefix.length > MAX_PATH_LENGTH || !/^[A-Za-z0-9._/-]+$/.test(prefix) || prefix.startsWith("/")) {
    throw new AppError("validation_failed", "Invalid blob prefix.");
  }
  const segments = prefix.split("/");
  // Every complete segment must be safe; the last may be partial (or empty after a trailing slash).
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (last && segment === "") continue;
    if (segment === "." || segment === ".." || (!last && !SEGMENT.test(segment))) {
      throw new AppError("validation_failed", "Invalid blob prefix.");
    }
  }
  return prefix;
}

/**
 * A file name reduced to `[A-Za-z0-9._-]`, at most 100 characters, keeping its
 * extension: `CV (final) – Jöhn.pdf` → `CV-final-John.pdf`.
 */
export function safeFilename(filename: string): string {
  const ascii = String(filename ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+/, "")
    .replace(/-+(\.[A-Za-z0-9]+)$/, "$1");
  const dot = ascii.lastIndexOf(".");
  const ext = dot > 0 && ascii.length - dot <= 10 ? ascii.slice(dot) : "";
  const stem = (ext ? ascii.slice(0, dot) : ascii)
    .slice(0, MAX_FILENAME_LENGTH - ext.length)
    .replace(/[.-]+$/, "");
  return stem ? `${stem}${ext}` : `file${ext}`;
}

function checkJobId(jobId: string): string {
  if (typeof jobId !== "string" || !UUID.test(jobId)) {
    throw new AppError("validation_failed", "Job id must be a lower-case UUID.");
  }
  return jobId;
}

function checkKind(kind: string): string {
  if (!ARTIFACT_KIND.test(kind)) throw new AppError("validation_failed", "Invalid artifact kind.");
  return kind;
}
