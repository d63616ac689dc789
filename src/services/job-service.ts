/**
 * Jobs: upload, read, edit, confirm, delete.
 *
 * Every call runs inside `withOwner`, so row-level security backs up the
 * repositories' owner filters; another owner's job is `not_found`, exactly
 * like a missing one.
 */
import { createHash } from "node:crypto";
import { findOwnedById } from "../db/owner-read.js";
import { withOwner } from "../db/owner-scope.js";
import { assertJobFits } from "../db/quotas.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { isUniqueViolation } from "../db/repositories/database-errors.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import type { Page } from "../db/repositories/pagination.js";
import { TaskRepository } from "../db/repositories/task-repository.js";
import {
  type JobEventRow,
  type JobRow,
  type JobSummaryRow,
  jobs as jobsTable,
  type TaskRow,
} from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { assertWithinCaps } from "../resume/caps.js";
import { type DroppedLink, dropUnsafeLinks } from "../resume/links.js";
import { resumeMetaSchema, resumeSchema } from "../resume/model.js";
import { assertDeclaredTypeMatches, type SniffedType, sniffDocumentType } from "../resume/parse/index.js";
import { reviewSummary } from "../resume/review.js";
import { mergeSections } from "../resume/sections-merge.js";
import { defaultExportSettings, type ExportSettings } from "../resume/settings.js";
import { deleteJobBlobs } from "../retention/delete-job-blobs.js";
import { uploadBlobPath } from "../storage/blob-paths.js";
import { downloadHeaders } from "../storage/download-headers.js";
import { enqueueTask } from "../tasks/enqueue.js";
import { type Activity, groupActivity } from "./activity.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { effectiveKey, jobIdFor } from "./idempotency.js";
import { afterSectionsChange } from "./sections-history.js";
import { zodFieldErrors } from "./validation.js";

/** How many of a job's newest events the activity view groups. */
const ACTIVITY_EVENTS = 500;

export type UploadedFile = {
  filename: string;
  declaredContentType: string | undefined;
  bytes: Buffer;
};

export type Created<T> = T & { replayed: boolean };

export type JobPatch = {
  sections?: Record<string, unknown> | undefined;
  export_settings?: ExportSettings | undefined;
  /** The sections this edit started from: with a stale version, edits of other fields merge. */
  base_sections?: Record<string, unknown> | undefined;
};

function extensionOf(sniffed: SniffedType): string {
  if (sniffed.kind === "text") return sniffed.markdown ? "md" : "txt";
  return sniffed.kind;
}

export class JobService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Store an upload and create its job and parse task in one transaction.
   * The file type is decided by its bytes (magic numbers), never by its name.
   */
  async createFromUpload(
    scope: RequestScope,
    file: UploadedFile,
    clientKey: string | undefined,
  ): Promise<Created<{ job: JobRow; task: TaskRow }>> {
    const { database, blobStore } = this.deps;
    const owner = scope.ownerUserId;
    if (file.bytes.length === 0) throw new AppError("file_empty", "The uploaded file is empty.");
    // Decided by the bytes; a declared type naming another format is 415 file_type_mismatch.
    const sniffed = sniffDocumentType(file.bytes, { filename: file.filename });
    assertDeclaredTypeMatches(sniffed, file.declaredContentType);
    const sha256 = createHash("sha256").update(file.bytes).digest("hex");
    const jobId = jobIdFor(owner, clientKey);
    const key = effectiveKey(clientKey);
    const parseInput = {
      job_id: jobId,
      sha256,
      filename: file.filename,
      content_type: sniffed.contentType,
      format: sniffed.kind,
    };

    const replay = clientKey ? await this.findReplay(scope, key, jobId, parseInput) : null;
    if (replay) return { ...replay, replayed: true };
    // Checked before the blob is stored (a refused upload leaves nothing behind) and again, under the
    // owner's quota lock, in the transaction that creates the job.
    const quotas = this.deps.config.quotas;
    await withOwner(database, owner, (tx) => assertJobFits(tx, owner, quotas, file.bytes.length));

    // Blob first, rows second: a crash in between leaves an orphan blob (swept by retention), never a
    // job pointing at nothing. The content hash in the name keeps a racing request with the same key
    // but other bytes from overwriting this upload.
    const blobPath = uploadBlobPath(owner, jobId, `${sha256.slice(0, 16)}.${extensionOf(sniffed)}`);
    await blobStore.put(blobPath, file.bytes, { contentType: sniffed.contentType });

    try {
      return await withOwner(database, owner, async (tx) => {
        await new JobRepository(tx).lockOwnerQuota(owner);
        await assertJobFits(tx, owner, quotas, file.bytes.length);
        const job = await new JobRepository(tx).create({
          id: jobId,
          owner_user_id: owner,
          original_filename: file.filename,
          content_type: sniffed.contentType,
          size_bytes: file.bytes.length,
          sha256,
          upload_blob_path: blobPath,
          export_settings: defaultExportSettings(),
        });
        await new JobEventRepository(tx).append({
          job_id: job.id,
          owner_user_id: owner,
          trace_id: scope.traceId,
          event_type: "job.created",
          payload: {
            size_bytes: file.bytes.length,
            content_type: sniffed.contentType,
            format: sniffed.kind,
          },
        });
        const { task } = await enqueueTask(tx, this.deps.handlers, {
          job_id: job.id,
          owner_user_id: owner,
          idempotency_key: key,
          task_type: "parse",
          input_payload: parseInput,
          trace_id: scope.traceId,
        });
        return { job, task, replayed: false };
      });
    } catch (error) {
      // A concurrent request with the same key created the job first: answer as its replay.
      if (clientKey && isUniqueViolation(error)) {
        const again = await this.findReplay(scope, key, jobId, parseInput);
        if (again) return { ...again, replayed: true };
      }
      throw error;
    }
  }

  /**
   * The job and task an earlier request with this key created, or null. Re-enqueueing with the
   * same input returns the existing task, or `idempotency_key_reused` when the request differs.
   */
  private async findReplay(
    scope: RequestScope,
    key: string,
    jobId: string,
    input: Record<string, unknown>,
  ): Promise<{ job: JobRow; task: TaskRow } | null> {
    const owner = scope.ownerUserId;
    return withOwner(this.deps.database, owner, async (tx) => {
      const existing = await new TaskRepository(tx).findByIdempotencyKey(owner, key);
      if (!existing) return null;
      const job = existing.jobId ? await new JobRepository(tx).findById(existing.jobId, owner) : null;
      if (!job) throw new AppError("not_found", "The job created with this key no longer exists.");
      const { task } = await enqueueTask(tx, this.deps.handlers, {
        job_id: jobId,
        owner_user_id: owner,
        idempotency_key: key,
        task_type: "parse",
        input_payload: input,
        trace_id: scope.traceId,
      });
      return { job, task };
    });
  }

  /** One job; another owner's is `not_found`. */
  async get(owner: string, id: string): Promise<JobRow> {
    const job = await findOwnedById(this.deps.database, jobsTable, owner, id);
    if (!job) throw notFound("job");
    return job;
  }

  /**
   * The uploaded file as stored, for showing the original beside the review form. Another owner's
   * job is `not_found`; a job without an upload (or whose blob is gone) is `original_unavailable`.
   */
  async openOriginal(
    owner: string,
    id: string,
  ): Promise<{ stream: NodeJS.ReadableStream; headers: Record<string, string> }> {
    const job = await this.get(owner, id);
    if (!job.uploadBlobPath) {
      throw new AppError("original_unavailable", "This CV has no uploaded file to show.");
    }
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.deps.blobStore.get(job.uploadBlobPath);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") {
        throw new AppError("original_unavailable", "The uploaded file is no longer stored.", {
          cause: error,
        });
      }
      throw error;
    }
    // The stored type and name (RFC 5987), nosniff and no caching: the file is the person's own.
    const headers = downloadHeaders({
      filename: job.originalFilename || "original",
      contentType: job.contentType || "application/octet-stream",
    });
    return { stream, headers: { ...headers, "Cache-Control": "private, no-store" } };
  }

  /** The owner's jobs, newest first, by keyset cursor. */
  async list(
    owner: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<JobSummaryRow>> {
    return withOwner(this.deps.database, owner, (tx) => new JobRepository(tx).list(owner, page));
  }

  /**
   * Edit sections and/or export settings under optimistic concurrency. A
   * confirmed CV stays confirmed: the gate stops unreviewed parser output, and
   * a person's own edit is reviewed by definition (only a new parse withdraws
   * confirmation). Any edit after an export marks the exported files out of
   * date (`schema_dirty`). Links the allow-list refuses are dropped and
   * returned, so the editor can say why they went.
   *
   * With `base_sections` (the sections the edit started from), a stale
   * version is no 412: when the fields changed here and the fields changed
   * since do not overlap, the edit is merged into the newer version
   * (`mergedWith` lists the paths changed since); otherwise `edit_conflict`
   * names the paths changed on both sides.
   */
  async update(
    scope: RequestScope,
    id: string,
    patch: JobPatch,
    expectedUpdatedAt: Date,
  ): Promise<{ job: JobRow; droppedLinks: DroppedLink[]; mergedWith?: string[] }> {
    const owner = scope.ownerUserId;
    let sections: Record<string, unknown> | undefined;
    let droppedLinks: DroppedLink[] = [];
    if (patch.sections !== undefined) {
      const parsed = resumeSchema.safeParse(patch.sections);
      if (!parsed.success) {
        throw new AppError("validation_failed", "The sections do not match the resume model.", {
          details: { errors: zodFieldErrors(parsed.error, "body.sections") },
        });
      }
      // Caps checked before any row is touched: a late failure would have cost the optimizer's time.
      assertWithinCaps(parsed.data);
      droppedLinks = dropUnsafeLinks(parsed.data);
      sections = parsed.data as Record<string, unknown>;
    }
    return withOwner(this.deps.database, owner, async (tx) => {
      const jobs = new JobRepository(tx);
      const current = await jobs.findById(id, owner);
      if (!current) throw notFound("job");
      if (sections !== undefined && current.parseStatus !== "parsed") {
        throw new AppError("job_not_parsed", "The job has no parsed sections to edit yet.");
      }
      let expected = expectedUpdatedAt;
      let mergedWith: string[] | undefined;
      const stale = current.updatedAt.getTime() !== expectedUpdatedAt.getTime();
      if (stale && sections !== undefined && patch.base_sections !== undefined && current.sections) {
        const merge = mergeSections(patch.base_sections, sections, current.sections);
        if (!merge.ok) {
          throw new AppError(
            "edit_conflict",
            "The same fields were changed elsewhere; choose which to keep.",
            {
              details: { conflicts: merge.conflicts, current_updated_at: current.updatedAt.toISOString() },
            },
          );
        }
        const merged = resumeSchema.safeParse(merge.merged);
        if (!merged.success)
          throw new AppError("edit_conflict", "The edits cannot be combined.", {
            details: { conflicts: [""] },
          });
        assertWithinCaps(merged.data);
        sections = merged.data as Record<string, unknown>;
        expected = current.updatedAt;
        mergedWith = merge.theirs;
      }
      const exported = await new ArtifactRepository(tx).jobHasExports(id, owner);
      const updated = await jobs.update(
        id,
        owner,
        {
          ...(sections !== undefined ? { sections } : {}),
          ...(patch.export_settings !== undefined ? { export_settings: patch.export_settings } : {}),
          ...(exported ? { schema_dirty: true } : {}),
        },
        { expectedUpdatedAt: expected },
      );
      if (!updated) throw notFound("job");
      // Kept as a version, and carried to the job's variants (or into its overrides, for a variant).
      if (sections !== undefined) await afterSectionsChange(tx, owner, updated);
      await new JobEventRepository(tx).append({
        job_id: id,
        owner_user_id: owner,
        trace_id: scope.traceId,
        event_type: "job.edited",
        payload: {
          sections: sections !== undefined,
          export_settings: patch.export_settings !== undefined,
          schema_dirty: updated.schemaDirty,
          ...(mergedWith ? { merged: mergedWith.length } : {}),
        },
      });
      return { job: updated, droppedLinks, ...(mergedWith ? { mergedWith } : {}) };
    });
  }

  /**
   * Confirm the parsed sections once (export and optimize require it); with `expectedUpdatedAt`,
   * only if the job is still at that version. Open review items (flagged fields, unplaced lines,
   * empty sections) need `acknowledgeFlags`, else `review_flags_open` names them. Confirming a
   * confirmed job changes nothing.
   */
  async confirm(
    scope: RequestScope,
    id: string,
    options: { expectedUpdatedAt?: Date | undefined; acknowledgeFlags?: boolean | undefined } = {},
  ): Promise<JobRow> {
    const owner = scope.ownerUserId;
    const { expectedUpdatedAt, acknowledgeFlags = false } = options;
    return withOwner(this.deps.database, owner, async (tx) => {
      const jobs = new JobRepository(tx);
      const current = await jobs.findById(id, owner);
      if (!current) throw notFound("job");
      if (current.parseStatus !== "parsed" || !current.sections) {
        throw new AppError("job_not_parsed", "The job has no parsed sections to confirm yet.");
      }
      if (expectedUpdatedAt && current.updatedAt.getTime() !== expectedUpdatedAt.getTime()) {
        throw new AppError("precondition_failed", "The job was changed by someone else; reload and retry.", {
          details: { current_updated_at: current.updatedAt.toISOString() },
        });
      }
      if (current.cvSectionsConfirmed) return current;
      const meta = resumeMetaSchema.safeParse(current.sections.meta ?? {});
      const review = reviewSummary({ meta: meta.success ? meta.data : { confidence: {} } });
      if (review.needs_attention > 0 && !acknowledgeFlags) {
        throw new AppError(
          "review_flags_open",
          `${review.needs_attention} item(s) still need a check; confirm with acknowledge_flags to accept them as they are.`,
          {
            details: {
              fields: review.flagged_fields,
              unplaced_lines: review.unplaced_lines,
              empty_sections: review.empty_sections,
            },
          },
        );
      }
      const job = await jobs.confirmSections(id, owner, expectedUpdatedAt ? { expectedUpdatedAt } : {});
      if (!job) throw notFound("job");
      await new JobEventRepository(tx).append({
        job_id: id,
        owner_user_id: owner,
        trace_id: scope.traceId,
        event_type: "job.confirmed",
        payload: review.needs_attention > 0 ? { acknowledged: review.needs_attention } : {},
      });
      return job;
    });
  }

  /** Delete a job: its rows (cascade), then its blobs. */
  async remove(owner: string, id: string): Promise<void> {
    const deleted = await withOwner(this.deps.database, owner, (tx) =>
      new JobRepository(tx).delete(id, owner),
    );
    if (!deleted) throw notFound("job");
    try {
      await deleteJobBlobs(this.deps.blobStore, owner, id);
    } catch (error) {
      // The rows are gone; leftover blobs are orphans the retention sweep removes.
      this.deps.logger.warn({ err: error, job_id: id }, "job blobs not deleted; retention will sweep them");
    }
  }

  /**
   * The job's activity in plain language, newest first, one entry per action, from its newest
   * `ACTIVITY_EVENTS` events (an older action may be cut short; the audit log has them all).
   */
  async activity(owner: string, id: string, limit: number): Promise<Activity[]> {
    const events = await withOwner(this.deps.database, owner, async (tx) => {
      const job = await new JobRepository(tx).findById(id, owner);
      if (!job) throw notFound("job");
      return new JobEventRepository(tx).listRecentByJob(id, owner, ACTIVITY_EVENTS);
    });
    return groupActivity(events).slice(0, limit);
  }

  /** The job's audit log, oldest first, by keyset cursor. */
  async events(
    owner: string,
    id: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<JobEventRow>> {
    return withOwner(this.deps.database, owner, async (tx) => {
      const job = await new JobRepository(tx).findById(id, owner);
      if (!job) throw notFound("job");
      return new JobEventRepository(tx).listByJob(id, owner, page);
    });
  }
}
