/**
 * Shared shapes of a retention run.
 *
 * Glossary
 * - expired artifact: an artifact row past `expires_at` that is not the latest of its (job, kind);
 *   the latest is never deleted, expired or not (the user can always download their newest export).
 * - orphan blob: a blob under `users/` that no row references (`artifacts.blob_path` or
 *   `jobs.upload_blob_path`), left by a crash between upload and commit, a failed blob delete, or an
 *   aborted request that still landed. Deleted once older than the grace period.
 * - horizon: how long finished task rows and job events are kept.
 */
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../observability/logger.js";
import type { BlobStore } from "../storage/blob-store.js";

export type RetentionConfig = Config["retention"];

export type RetentionOptions = {
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  config: RetentionConfig;
  /** Report what would be deleted; change nothing. */
  dryRun: boolean;
  /** The run's clock; every cutoff is computed from it (tests move it instead of sleeping). */
  now?: Date;
  /** Stops the run between batches (task cancel, timeout, shutdown). */
  signal?: AbortSignal;
  /** Called between phases (the task handler reports progress with it). */
  onPhase?: (phase: RetentionPhase) => Promise<void> | void;
};

export type RetentionPhase = "artifacts" | "orphan_blobs" | "tasks" | "job_events";

/** Counts of one run; in a dry run, what would have been deleted. */
export type RetentionResult = {
  dry_run: boolean;
  /** Expired, non-latest artifact rows deleted. */
  artifacts_deleted: number;
  /** Their blobs deleted (lower when a blob was already gone). */
  artifact_blobs_deleted: number;
  /** Blobs whose delete failed after their row was deleted; the orphan sweep retries them. */
  blob_delete_failures: number;
  /** Blobs listed by the orphan sweep. */
  blobs_scanned: number;
  orphan_blobs_deleted: number;
  /** Temp files and metadata sidecars that interrupted writes left (local store). */
  leftover_files_deleted: number;
  tasks_deleted: number;
  job_events_deleted: number;
  /** Transactions used for the row deletions. */
  batches: number;
  /** Dry run only: the first few items of each kind that would be deleted. */
  sample?: RetentionSample;
};

export type RetentionSample = {
  artifacts: {
    id: string;
    job_id: string;
    kind: string;
    version: number;
    expires_at: string;
    blob_path: string;
  }[];
  orphan_blobs: { path: string; last_modified: string; size: number }[];
};

/** How many items of each kind a dry run lists. */
export const DRY_RUN_SAMPLE = 100;
