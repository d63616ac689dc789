/**
 * Small builders for data-layer tests: a job, a task or an artifact for an
 * owner, written through the repositories inside `withOwner`.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Database } from "../../src/db/client.js";
import { withOwner } from "../../src/db/owner-scope.js";
import {
  type ArtifactCreateNext,
  ArtifactRepository,
  JobRepository,
  TaskRepository,
} from "../../src/db/repositories/index.js";
import type { ArtifactKind, ArtifactRow, JobRow, TaskRow } from "../../src/db/schema.js";

/** A job for `owner`. */
export function makeJob(database: Database, owner: string, filename = "cv.pdf"): Promise<JobRow> {
  return withOwner(database, owner, (tx) =>
    new JobRepository(tx).create({ owner_user_id: owner, original_filename: filename }),
  );
}

/** A fresh export task on `job`. */
export async function makeTask(database: Database, job: JobRow, key = randomUUID()): Promise<TaskRow> {
  const { task } = await withOwner(database, job.ownerUserId, (tx) =>
    new TaskRepository(tx).create({
      job_id: job.id,
      owner_user_id: job.ownerUserId,
      idempotency_key: key,
      task_type: "export",
      input_payload: { formats: ["pdf"] },
      trace_id: randomUUID(),
    }),
  );
  return task;
}

/** The fields of an artifact row except the version, with a unique blob path. */
export function artifactInput(job: JobRow, kind: ArtifactKind = "pdf", taskId: string | null = null) {
  const blob = `users/${job.ownerUserId}/jobs/${job.id}/exports/${randomUUID()}.${kind}`;
  return {
    job_id: job.id,
    owner_user_id: job.ownerUserId,
    task_id: taskId,
    kind,
    language: "en",
    blob_path: blob,
    filename: `resume.${kind}`,
    content_type: "application/octet-stream",
    size_bytes: 1234,
    sha256: createHash("sha256").update(blob).digest("hex"),
  } satisfies ArtifactCreateNext;
}

/** The next version of `kind` for `job`, through `createNextVersion`. */
export async function makeArtifact(
  database: Database,
  job: JobRow,
  kind: ArtifactKind = "pdf",
  overrides: Partial<ArtifactCreateNext> = {},
): Promise<ArtifactRow> {
  const { artifact } = await withOwner(database, job.ownerUserId, (tx) =>
    new ArtifactRepository(tx).createNextVersion({ ...artifactInput(job, kind), ...overrides }),
  );
  return artifact;
}
