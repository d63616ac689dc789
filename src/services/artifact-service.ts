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
import type { ArtifactKind, ArtifactRow } from "../db/schema.js";
import { AppError } from "../errors.js";
import { downloadHeaders } from "../storage/download-headers.js";
import { verifyLocalSignedUrl } from "../storage/local-signed-url.js";
import type { ServiceDeps } from "./deps.js";

export type VisibleArtifact = {
  row: ArtifactRow;
  isLatest: boolean;
  downloadUrl: string;
  downloadUrlExpiresAt: Date;
};

export type SignedDownload = {
  stream: NodeJS.ReadableStream;
  /** Content-Type, Content-Disposition, Cache-Control and Content-Length, built from the signed grant. */
  headers: Record<string, string>;
};

export class ArtifactService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Visible versions of a job's artifacts, newest first, each with a fresh signed link. */
  async list(owner: string, jobId: string, kind: ArtifactKind | undefined): Promise<VisibleArtifact[]> {
    const rows = await withOwner(this.deps.database, owner, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, owner);
      if (!job) throw new AppError("not_found", "job not found");
      return new ArtifactRepository(tx).listVisible(jobId, owner, kind ? { kind } : {});
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
    if (!row) throw new AppError("not_found", "artifact not found");
    return this.sign(owner, row);
  }

  /** Verify a local signed link and open the blob it grants. */
  async openSignedDownload(query: Record<string, unknown>): Promise<SignedDownload> {
    const grant = verifyLocalSignedUrl(query, { keys: this.deps.config.storage.signingKeys });
    const info = await this.deps.blobStore.head(grant.path);
    if (!info) throw new AppError("not_found", "the file no longer exists");
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
