/**
 * The `retention` task: one retention run executed by a worker, so retention
 * can be scheduled through the queue as well as by the CronJob running
 * `resume-agent retention`. Runs from both at once are safe (see
 * `src/retention/run-retention.ts`).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Config } from "../../config.js";
import type { Database, Tx } from "../../db/client.js";
import type { TaskCreateResult } from "../../db/repositories/task-repository.js";
import { AppError } from "../../errors.js";
import type { Logger } from "../../observability/logger.js";
import { runRetention } from "../../retention/run-retention.js";
import type { BlobStore } from "../../storage/blob-store.js";
import { enqueueTask } from "../enqueue.js";
import type { HandlerRegistry } from "../registry.js";
import { defineHandler, type TaskContext } from "../types.js";

export const RETENTION_TASK_TYPE = "retention";

/** The owner recorded on scheduled retention tasks (they act across owners, for none). */
export const SYSTEM_OWNER = "system:retention";

export const retentionInput = z.object({ dry_run: z.boolean().default(false) });
export type RetentionInput = z.infer<typeof retentionInput>;

export type RetentionHandlerDeps = {
  config: Config;
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
};

const PHASE_PROGRESS = { artifacts: 10, orphan_blobs: 40, tasks: 70, job_events: 85 } as const;

/** The handler for `retention` tasks. */
export function createRetentionHandler(deps: RetentionHandlerDeps) {
  return defineHandler({
    type: RETENTION_TASK_TYPE,
    input: retentionInput,
    // A large backlog is worked off in batches; whatever a run leaves, the next one continues.
    timeoutMs: 30 * 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 30_000, maxDelayMs: 10 * 60_000 },
    async run(input: RetentionInput, ctx: TaskContext) {
      const result = await runRetention({
        database: deps.database,
        blobStore: deps.blobStore,
        logger: ctx.logger,
        config: deps.config.retention,
        dryRun: input.dry_run,
        now: ctx.now(),
        signal: ctx.signal,
        onPhase: (phase) =>
          ctx.reportProgress(`retention: ${phase.replace("_", " ")}`, PHASE_PROGRESS[phase]),
      });
      if (result.blob_delete_failures > 0) {
        // Rows are gone and their blobs are orphans now; a retry lets the sweep take them.
        throw new AppError("storage_unavailable", `${result.blob_delete_failures} blob deletes failed.`, {
          details: { ...result, sample: undefined },
        });
      }
      const { sample: _sample, ...counts } = result;
      return counts;
    },
  });
}

/**
 * Enqueue a retention run for the current hour (idempotent: one per hour however often it is called),
 * e.g. from a scheduler tick. Runs in the caller's `withSystem` transaction.
 */
export function enqueueRetention(
  tx: Tx,
  registry: HandlerRegistry,
  options: { now: Date; dryRun?: boolean; traceId?: string },
): Promise<TaskCreateResult> {
  const hour = options.now.toISOString().slice(0, 13);
  return enqueueTask(tx, registry, {
    job_id: null,
    owner_user_id: SYSTEM_OWNER,
    idempotency_key: `retention:${hour}${options.dryRun ? ":dry-run" : ""}`,
    task_type: RETENTION_TASK_TYPE,
    input_payload: { dry_run: options.dryRun ?? false },
    trace_id: options.traceId ?? randomUUID(),
  });
}
