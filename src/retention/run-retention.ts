/**
 * One retention run (the `resume-agent retention` command and the `retention` task).
 *
 * Retention at read time hides what is past its horizon (`listVisible`); this
 * run deletes it, in four phases:
 * 1. expired artifacts that are not the latest of their (job, kind): rows, then blobs;
 * 2. orphan blobs (no row references them) older than the grace period;
 * 3. finished task rows past the task horizon (never sooner than 24 h: idempotency keys);
 * 4. job events past the event horizon.
 * Every phase works in bounded batches, is idempotent (a second run finds
 * nothing left to do) and is safe to run from two pods at once. With `dryRun`
 * it counts and samples what it would delete and changes nothing.
 */
import { AppError } from "../errors.js";
import { deleteExpiredArtifacts, planExpiredArtifacts } from "./expired-artifacts.js";
import { countOldHistory, deleteOldEvents, deleteOldTasks, eventCutoff, taskCutoff } from "./history.js";
import { sweepOrphanBlobs } from "./orphan-blobs.js";
import type { RetentionOptions, RetentionResult } from "./retention-types.js";

export type { RetentionOptions, RetentionResult } from "./retention-types.js";

/**
 * Delete what the retention policy says is due; returns the counts.
 *
 * @example const counts = await runRetention({ database, blobStore, logger, config: config.retention, dryRun: false });
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionResult> {
  const { database, blobStore, logger, config, dryRun, signal } = options;
  const now = options.now ?? new Date();
  const started = Date.now();
  // Refuse to start while the store is down: deleting rows whose blobs cannot be deleted only
  // multiplies orphans. Throws storage_unavailable (retryable).
  await blobStore.ping();

  const result: RetentionResult = {
    dry_run: dryRun,
    artifacts_deleted: 0,
    artifact_blobs_deleted: 0,
    blob_delete_failures: 0,
    blobs_scanned: 0,
    orphan_blobs_deleted: 0,
    leftover_files_deleted: 0,
    tasks_deleted: 0,
    job_events_deleted: 0,
    batches: 0,
  };
  const cutoffs = { tasks: taskCutoff(now, config.taskDays), events: eventCutoff(now, config.eventDays) };

  await options.onPhase?.("artifacts");
  if (dryRun) {
    const planned = await planExpiredArtifacts({ database, now });
    result.artifacts_deleted = planned.count;
    result.sample = { artifacts: planned.sample, orphan_blobs: [] };
  } else {
    const artifacts = await deleteExpiredArtifacts({
      database,
      blobStore,
      logger,
      now,
      batchSize: config.batchSize,
      signal,
    });
    result.artifacts_deleted = artifacts.rows;
    result.artifact_blobs_deleted = artifacts.blobs;
    result.blob_delete_failures = artifacts.blobFailures;
    result.batches += artifacts.batches;
  }
  throwIfAborted(signal);

  await options.onPhase?.("orphan_blobs");
  const orphans = await sweepOrphanBlobs({
    database,
    blobStore,
    logger,
    now,
    graceHours: config.orphanBlobGraceHours,
    dryRun,
    signal,
  });
  result.blobs_scanned = orphans.scanned;
  result.orphan_blobs_deleted = dryRun ? orphans.orphans : orphans.deleted;
  if (result.sample) result.sample.orphan_blobs = orphans.sample;
  // Temp files of writes a crash or a full disk interrupted, past the same grace period.
  result.leftover_files_deleted =
    (await blobStore.sweepLeftovers?.(
      new Date(now.getTime() - config.orphanBlobGraceHours * 3_600_000),
      dryRun,
    )) ?? 0;
  throwIfAborted(signal);

  await options.onPhase?.("tasks");
  if (dryRun) {
    const counts = await countOldHistory(database, cutoffs);
    result.tasks_deleted = counts.tasks;
    result.job_events_deleted = counts.events;
  } else {
    const tasks = await deleteOldTasks(database, cutoffs.tasks, config.batchSize, signal);
    result.tasks_deleted = tasks.rows;
    result.batches += tasks.batches;
    throwIfAborted(signal);
    await options.onPhase?.("job_events");
    const events = await deleteOldEvents(database, cutoffs.events, config.batchSize, signal);
    result.job_events_deleted = events.rows;
    result.batches += events.batches;
  }
  throwIfAborted(signal);

  logger.info(
    { ...result, sample: undefined, duration_ms: Date.now() - started },
    dryRun ? "retention dry run: nothing deleted" : "retention run finished",
  );
  return result;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  throw reason instanceof AppError ? reason : new AppError("task_canceled", "Retention run stopped.");
}
