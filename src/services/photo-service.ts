/**
 * A job's photo: upload (checked, upright, square, re-encoded), read for the
 * export screen, delete.
 *
 * Same ordering rule as every writer: the blob is put first, then the row
 * names it; a replaced or deleted photo's blob is deleted after the commit
 * (a failed delete leaves an orphan the retention sweep removes). Each upload
 * gets its own name, so a row never names a blob being overwritten.
 */
import { createHash } from "node:crypto";
import { withOwner } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import type { JobRow } from "../db/schema.js";
import { AppError } from "../errors.js";
import { preparePhoto } from "../resume/photo/prepare-photo.js";
import { photoBlobPath } from "../storage/blob-paths.js";
import { readStream } from "../storage/read-stream.js";
import type { RequestScope, ServiceDeps } from "./deps.js";

export class PhotoService {
  constructor(private readonly deps: Pick<ServiceDeps, "database" | "blobStore" | "logger">) {}

  /** Store `bytes` (JPEG or PNG) as the job's photo. Throws `photo_invalid`, `payload_too_large`, `not_found`. */
  async put(scope: RequestScope, jobId: string, bytes: Buffer): Promise<JobRow> {
    const owner = scope.ownerUserId;
    await this.job(owner, jobId);
    const photo = preparePhoto(bytes);
    const path = photoBlobPath(owner, jobId, createHash("sha256").update(photo).digest("hex").slice(0, 32));
    await this.deps.blobStore.put(path, photo, { contentType: "image/jpeg" });
    const { job, previous } = await this.setPath(scope, jobId, path);
    if (previous && previous !== path) await this.deleteBlob(previous, jobId);
    return job;
  }

  /** Remove the job's photo (nothing to remove is fine). */
  async remove(scope: RequestScope, jobId: string): Promise<JobRow> {
    const { job, previous } = await this.setPath(scope, jobId, null);
    if (previous) await this.deleteBlob(previous, jobId);
    return job;
  }

  /** The stored photo (a square JPEG), or `not_found` when the job has none. */
  async read(owner: string, jobId: string): Promise<Buffer> {
    const job = await this.job(owner, jobId);
    if (!job.photoBlobPath) throw new AppError("not_found", "the job has no photo");
    return readStream(await this.deps.blobStore.get(job.photoBlobPath));
  }

  private async job(owner: string, jobId: string): Promise<JobRow> {
    const job = await withOwner(this.deps.database, owner, (tx) =>
      new JobRepository(tx).findById(jobId, owner),
    );
    if (!job) throw new AppError("not_found", "job not found");
    return job;
  }

  private setPath(scope: RequestScope, jobId: string, path: string | null) {
    const owner = scope.ownerUserId;
    return withOwner(this.deps.database, owner, async (tx) => {
      const jobs = new JobRepository(tx);
      const current = await jobs.findById(jobId, owner);
      if (!current) throw new AppError("not_found", "job not found");
      // The photo is part of what an export draws: earlier exports no longer match.
      const exported = await new ArtifactRepository(tx).jobHasExports(jobId, owner);
      const job = await jobs.update(jobId, owner, {
        photo_blob_path: path,
        ...(exported ? { schema_dirty: true } : {}),
      });
      if (!job) throw new AppError("not_found", "job not found");
      await new JobEventRepository(tx).append({
        job_id: jobId,
        owner_user_id: owner,
        trace_id: scope.traceId,
        event_type: path ? "job.photo_set" : "job.photo_removed",
        payload: {},
      });
      return { job, previous: current.photoBlobPath };
    });
  }

  private async deleteBlob(path: string, jobId: string): Promise<void> {
    try {
      await this.deps.blobStore.delete(path);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, job_id: jobId },
        "old photo blob not deleted; retention will sweep it",
      );
    }
  }
}
