/**
 * Named versions of a CV: list, name (or unname), snapshot the current state under a name, compare
 * two versions field by field, restore one, and undo a restore.
 *
 * A restore is an edit like any other: the sections before it are kept as a version (if they were not
 * already the newest one) and the restore adds a version that remembers both the version restored and
 * the one it replaced. Undo restores the replaced one, so an undo is itself a restore and can be undone.
 */
import type { Tx } from "../db/client.js";
import { withOwner } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { JobVersionRepository, type JobVersionSummary } from "../db/repositories/job-version-repository.js";
import type { JobRow, JobVersionRow } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { diffFields, type FieldChange, type FieldPath } from "../resume/variant-fields.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { afterSectionsChange, keepVersion, sectionsSha } from "./sections-history.js";

export type { JobVersionSummary };

/** How many changed fields a version list names per version; the count covers the rest. */
export const LISTED_CHANGES = 5;

/**
 * A version as the list shows it: what changed since the version before it (`null` for the oldest
 * kept one, whose predecessor is gone or never existed).
 */
export type JobVersionListItem = JobVersionSummary & {
  changes: { count: number; paths: FieldPath[] } | null;
};

export class VersionService {
  constructor(private readonly deps: Pick<ServiceDeps, "database">) {}

  private scoped<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withOwner(this.deps.database, scope.ownerUserId, fn);
  }

  private async job(tx: Tx, scope: RequestScope, jobId: string, lock = false): Promise<JobRow> {
    const jobs = new JobRepository(tx);
    const job = lock
      ? await jobs.findByIdForUpdate(jobId, scope.ownerUserId)
      : await jobs.findById(jobId, scope.ownerUserId);
    if (!job) throw notFound("job");
    return job;
  }

  private async version(tx: Tx, scope: RequestScope, jobId: string, id: string): Promise<JobVersionRow> {
    const row = await new JobVersionRepository(tx).findById(id, jobId, scope.ownerUserId);
    if (!row) throw notFound("version");
    return row;
  }

  /**
   * The job's versions, newest first, without their sections but with what changed since the version
   * kept before each. Computed here rather than stored: a list reads at most 100 versions, and which
   * version comes before changes as unnamed ones are pruned.
   */
  list(scope: RequestScope, jobId: string): Promise<JobVersionListItem[]> {
    return this.scoped(scope, async (tx) => {
      await this.job(tx, scope, jobId);
      const rows = await new JobVersionRepository(tx).listWithSections(jobId, scope.ownerUserId);
      return rows.map(({ sections, ...summary }, i) => {
        const previous = rows[i + 1];
        if (!previous) return { ...summary, changes: null };
        const changed = diffFields(previous.sections, sections);
        return {
          ...summary,
          changes: { count: changed.length, paths: changed.slice(0, LISTED_CHANGES).map((c) => c.path) },
        };
      });
    });
  }

  get(scope: RequestScope, jobId: string, id: string): Promise<JobVersionRow> {
    return this.scoped(scope, (tx) => this.version(tx, scope, jobId, id));
  }

  /** Keep the current sections as a named version. */
  snapshot(scope: RequestScope, jobId: string, name: string): Promise<JobVersionRow> {
    return this.scoped(scope, async (tx) => {
      const job = await this.job(tx, scope, jobId, true);
      if (!job.sections) throw new AppError("job_not_parsed", "The job has no sections yet.");
      const row = await keepVersion(tx, scope.ownerUserId, job, { reason: "snapshot", name });
      if (!row) throw new AppError("job_not_parsed", "The job has no sections yet.");
      return row;
    });
  }

  /** Name a version, or unname it with null (unnamed versions follow the retention policy). */
  rename(scope: RequestScope, jobId: string, id: string, name: string | null): Promise<JobVersionSummary> {
    return this.scoped(scope, async (tx) => {
      await this.job(tx, scope, jobId);
      return new JobVersionRepository(tx).rename(id, jobId, scope.ownerUserId, name);
    });
  }

  /** Field-level differences from version `from` to version `to`. */
  compare(scope: RequestScope, jobId: string, from: string, to: string): Promise<FieldChange[]> {
    return this.scoped(scope, async (tx) => {
      const a = await this.version(tx, scope, jobId, from);
      const b = await this.version(tx, scope, jobId, to);
      return diffFields(a.sections, b.sections);
    });
  }

  /** Write a version's sections back to the job; optionally only while the job is at `expectedUpdatedAt`. */
  restore(
    scope: RequestScope,
    jobId: string,
    id: string,
    expectedUpdatedAt?: Date,
  ): Promise<{ job: JobRow; version: JobVersionRow }> {
    return this.scoped(scope, (tx) =>
      this.restoreIn(tx, scope, jobId, id, expectedUpdatedAt, "version.restored"),
    );
  }

  /** Undo a restore: write back the state it replaced, while the job still holds what it restored. */
  undo(scope: RequestScope, jobId: string, id: string): Promise<{ job: JobRow; version: JobVersionRow }> {
    return this.scoped(scope, async (tx) => {
      const job = await this.job(tx, scope, jobId, true);
      const restore = await this.version(tx, scope, jobId, id);
      if (restore.reason !== "restore" || !restore.replacedVersionId) {
        throw new AppError("conflict", "Only a restore can be undone.");
      }
      if (sectionsSha(job.sections) !== restore.sectionsSha256) {
        throw new AppError("conflict", "The CV was edited after this restore; undo would lose those edits.");
      }
      return this.restoreIn(tx, scope, jobId, restore.replacedVersionId, undefined, "version.undone");
    });
  }

  private async restoreIn(
    tx: Tx,
    scope: RequestScope,
    jobId: string,
    id: string,
    expectedUpdatedAt: Date | undefined,
    eventType: string,
  ): Promise<{ job: JobRow; version: JobVersionRow }> {
    const owner = scope.ownerUserId;
    const job = await this.job(tx, scope, jobId, true);
    if (expectedUpdatedAt && job.updatedAt.getTime() !== expectedUpdatedAt.getTime()) {
      throw new AppError("precondition_failed", "The job was changed by someone else; reload and retry.");
    }
    const target = await this.version(tx, scope, jobId, id);
    // The state being replaced is kept first, so the restore can be undone.
    const replaced = await keepVersion(tx, owner, job);
    const exported = await new ArtifactRepository(tx).jobHasExports(jobId, owner);
    const updated = await new JobRepository(tx).update(jobId, owner, {
      sections: target.sections,
      ...(exported ? { schema_dirty: true } : {}),
    });
    if (!updated) throw notFound("job");
    const version = await afterSectionsChange(tx, owner, updated, {
      reason: "restore",
      restoredFromId: target.id,
      replacedVersionId: replaced?.id ?? null,
    });
    if (!version) throw notFound("version");
    await new JobEventRepository(tx).append({
      job_id: jobId,
      owner_user_id: owner,
      trace_id: scope.traceId,
      event_type: eventType,
      payload: { version: target.number, restore_version: version.number },
    });
    return { job: updated, version };
  }
}
