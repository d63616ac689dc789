/**
 * Artifacts: the versions a user can see (latest plus the five before it, per
 * kind), fresh signed download links, and redeeming local signed links.
 *
 * A link is only signed after the artifact row was found under the caller's
 * owner scope, so another owner's artifact id gets the same 404 as a missing
 * one and never a link.
 */

import { withOwner } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import type { ArtifactKind, ArtifactRow, JobRow } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { downloadHeaders } from "../storage/download-headers.js";
import type { ServiceDeps } from "./deps.js";

export type VisibleArtifact = {
  row: ArtifactRow;
  isLatest: boolean;
  /** The job changed after this file was rendered (an edit, a photo, other settings). */
  outOfDate: boolean;
  downloadUrl: string;
  downloadUrlExpiresAt: Date;
};

export type SignedDownload = {
  stream: NodeJS.ReadableStream;
  /** Content-Type, Content-Disposition, Cache-Control and Content-Length, built from the signed grant. */
  headers: Record<string, string>;
};

/**
 * A file is out of date when the job moved past the version it was rendered from (`job_version`,
 * recorded by the export). Files exported before that was recorded follow `schema_dirty`.
 */
export function isOutOfDate(row: ArtifactRow, job: Pick<JobRow, "updatedAt" | "schemaDirty">): boolean {
  const version = row.metadata.job_version;
  if (typeof version !== "string") return job.schemaDirty;
  return Date.parse(version) !== job.updatedAt.getTime();
}

export class ArtifactService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Visible versions of a job's artifacts, newest first, each with a fresh signed link. */
  async list(owner: string, jobId: string, kind: ArtifactKind | undefined): Promise<VisibleArtifact[]> {
    const { job, rows } = await withOwner(this.deps.database, owner, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, owner);
      if (!job) throw notFound("job");
      return { job, rows: await new ArtifactRepository(tx).listVisible(jobId, owner, kind ? { kind } : {}) };
    });
    const sorted = [...rows].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.version - a.version,
    );
    return Promise.all(
      sorted.map(async (row) => {
        const link = await this.sign(owner, row);
        return {
          row,
          isLatest: row.isLatest,
          outOfDate: isOutOfDate(row, job),
          downloadUrl: link.url,
          downloadUrlExpiresAt: link.expiresAt,
        };
      }),
    );
  }

  /** A fresh signed link to one artifact of the owner. */
  async downloadLink(owner: string, artifactId: string): Promise<{ url: string; expiresAt: Date }> {
    const row = await withOwner(this.deps.database, owner, (tx) =>
      new ArtifactRepository(tx).findVisibleById(artifactId, owner),
    );
    if (!row) throw notFound("artifact");
    return this.sign(owner, row);
  }

  /** True when download links point back at this API (the local store), so its download route must exist. */
  get servesSignedDownloads(): boolean {
    return this.deps.blobStore.verifySignedDownload !== undefined;
  }

  /** Verify a link our own store signed and open the blob it grants. */
  async openSignedDownload(query: Record<string, unknown>): Promise<SignedDownload> {
    const verify = this.deps.blobStore.verifySignedDownload?.bind(this.deps.blobStore);
    if (!verify) throw notFound("download route");
    const grant = verify(query);
    const info = await this.deps.blobStore.head(grant.path);
    if (!info) throw new AppError("not_found", "The file no longer exists.");
    const stream = await this.deps.blobStore.get(grant.path);
    const headers = downloadHeaders({
      filename: grant.filename,
      contentType: grant.contentType,
      size: info.size,
    });
    return { stream, headers };
  }

  private sign(owner: string, row: ArtifactRow) {
    return this.deps.blobStore.signedReadUrl(row.blobPath, {
      ownerUserId: owner,
      downloadFilename: row.filename,
      contentType: row.contentType,
    });
  }
}
