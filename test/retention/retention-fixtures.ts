/**
 * Seeding helpers for the retention tests: real rows through the repositories,
 * real blobs in a real store.
 */
import { createHash, randomUUID } from "node:crypto";
import { utimes } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { withOwner, withSystem } from "../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../src/db/repositories/artifact-repository.js";
import { JobRepository } from "../../src/db/repositories/job-repository.js";
import type { ArtifactKind } from "../../src/db/schema.js";
import { taskArtifactBlobPath, uploadBlobPath } from "../../src/storage/blob-paths.js";
import type { BlobStore } from "../../src/storage/blob-store.js";

export const silentLogger = pino({ level: "silent" });

export const DAY = 86_400_000;

export function retentionConfig(overrides: Partial<Record<string, number>> = {}) {
  return {
    artifactDays: 90,
    taskDays: 30,
    eventDays: 365,
    orphanBlobGraceHours: 24,
    batchSize: 500,
    ...overrides,
  };
}

/** A job with its upload blob stored and referenced. */
export async function seedJob(
  database: Database,
  store: BlobStore,
  owner: string,
): Promise<{ id: string; uploadPath: string }> {
  const id = randomUUID();
  const uploadPath = uploadBlobPath(owner, id, "cv.pdf");
  await store.put(uploadPath, Buffer.from(`upload of ${id}`), { contentType: "application/pdf" });
  await withOwner(database, owner, (tx) =>
    new JobRepository(tx).create({
      id,
      owner_user_id: owner,
      original_filename: "cv.pdf",
      upload_blob_path: uploadPath,
    }),
  );
  return { id, uploadPath };
}

export type SeededArtifact = {
  id: string;
  version: number;
  kind: ArtifactKind;
  blobPath: string;
  expiresAt: Date;
};

/** One artifact version the way the export handler makes it: blob first, then the row (next version). */
export async function seedArtifact(
  database: Database,
  store: BlobStore,
  owner: string,
  jobId: string,
  kind: ArtifactKind,
  expiresAt: Date,
): Promise<SeededArtifact> {
  const key = randomUUID(); // stands in for the export task id in the path; no task row needed
  const blobPath = taskArtifactBlobPath(owner, jobId, kind, key, `cv.${kind}`);
  const bytes = Buffer.from(`${kind} ${key}`);
  await store.put(blobPath, bytes, { contentType: "application/octet-stream" });
  const { artifact } = await withOwner(database, owner, (tx) =>
    new ArtifactRepository(tx).createNextVersion({
      job_id: jobId,
      owner_user_id: owner,
      task_id: null,
      kind,
      language: "en",
      blob_path: blobPath,
      filename: `cv.${kind}`,
      content_type: "application/octet-stream",
      size_bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      expires_at: expiresAt,
    }),
  );
  return { id: artifact.id, version: artifact.version, kind, blobPath, expiresAt };
}

/** Every artifact id in the database (all owners). */
export async function artifactIds(database: Database): Promise<string[]> {
  const result = await withSystem(database, (tx) =>
    tx.execute(sql`SELECT id::text AS id FROM artifacts ORDER BY id`),
  );
  return result.rows.map((r) => String(r.id));
}

/** Every blob path in the store. */
export async function blobPaths(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const blob of store.list("")) out.push(blob.path);
  return out.sort();
}

/** Backdate a local blob's modification time (how old the orphan sweep thinks it is). */
export async function backdateLocalBlob(root: string, path: string, when: Date): Promise<void> {
  await utimes(join(root, path), when, when);
}
