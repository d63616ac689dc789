/**
 * Job versions: kept states of a job's sections (`job_versions`), numbered per job.
 *
 * Callers hold the job's row lock while adding a version, so numbers are gapless and unique.
 */
import { and, count, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type JobVersionRow, jobVersions } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";

export type JobVersionCreate = {
  job_id: string;
  owner_user_id: string;
  name?: string | null;
  reason: JobVersionRow["reason"];
  restored_from_id?: string | null;
  replaced_version_id?: string | null;
  sections: Record<string, unknown>;
  sections_sha256: string;
};

/** A version as lists show it: without its sections. */
export type JobVersionSummary = Omit<JobVersionRow, "sections">;

const summaryColumns = {
  id: jobVersions.id,
  ownerUserId: jobVersions.ownerUserId,
  jobId: jobVersions.jobId,
  number: jobVersions.number,
  name: jobVersions.name,
  reason: jobVersions.reason,
  restoredFromId: jobVersions.restoredFromId,
  replacedVersionId: jobVersions.replacedVersionId,
  sectionsSha256: jobVersions.sectionsSha256,
  createdAt: jobVersions.createdAt,
};

/** Data access for `job_versions`. Build one per transaction: `new JobVersionRepository(tx)`. */
export class JobVersionRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /** Add the next version of the job (the caller holds the job's row lock). */
  async create(input: JobVersionCreate): Promise<JobVersionRow> {
    try {
      const [row] = await this.db
        .insert(jobVersions)
        .values({
          jobId: input.job_id,
          ownerUserId: input.owner_user_id,
          number: sql`(SELECT coalesce(max(number), 0) + 1 FROM job_versions WHERE job_id = ${input.job_id}::uuid)`,
          name: input.name ?? null,
          reason: input.reason,
          restoredFromId: input.restored_from_id ?? null,
          replacedVersionId: input.replaced_version_id ?? null,
          sections: input.sections,
          sectionsSha256: input.sections_sha256,
        })
        .returning();
      return row as JobVersionRow;
    } catch (error) {
      rethrowInputError(error);
    }
  }

  async findById(id: string, jobId: string, owner: string): Promise<JobVersionRow | null> {
    if (!isUuid(id) || !isUuid(jobId)) return null;
    const [row] = await this.db
      .select()
      .from(jobVersions)
      .where(and(eq(jobVersions.id, id), eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The job's newest version, or null. */
  async latest(jobId: string, owner: string): Promise<JobVersionRow | null> {
    const [row] = await this.db
      .select()
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner)))
      .orderBy(desc(jobVersions.number))
      .limit(1);
    return row ?? null;
  }

  /** The job's versions, newest first, without sections (at most `limit`). */
  async list(jobId: string, owner: string, limit = 100): Promise<JobVersionSummary[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select(summaryColumns)
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner)))
      .orderBy(desc(jobVersions.number))
      .limit(limit);
  }

  /** The job's versions, newest first, with their sections (at most `limit`). */
  async listWithSections(jobId: string, owner: string, limit = 100): Promise<JobVersionRow[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select()
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner)))
      .orderBy(desc(jobVersions.number))
      .limit(limit);
  }

  /** Name (or unname, with null) a version. */
  async rename(id: string, jobId: string, owner: string, name: string | null): Promise<JobVersionSummary> {
    if (!isUuid(id) || !isUuid(jobId)) throw new AppError("not_found", "Version not found.");
    const rows = await this.db
      .update(jobVersions)
      .set({ name })
      .where(and(eq(jobVersions.id, id), eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner)))
      .returning(summaryColumns);
    if (!rows[0]) throw new AppError("not_found", "Version not found.");
    return rows[0];
  }

  /**
   * Retention of unnamed versions: keep the newest `keep` unnamed ones of the job (named ones and the
   * newest version always stay). Returns how many were deleted.
   */
  async pruneUnnamed(jobId: string, owner: string, keep: number): Promise<number> {
    const [kept] = await this.db
      .select({ n: count() })
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner), isNull(jobVersions.name)));
    if (!kept || kept.n <= keep) return 0;
    const cutoff = await this.db
      .select({ number: jobVersions.number })
      .from(jobVersions)
      .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.ownerUserId, owner), isNull(jobVersions.name)))
      .orderBy(desc(jobVersions.number))
      .offset(keep)
      .limit(1);
    const below = cutoff[0]?.number;
    if (below === undefined) return 0;
    const deleted = await this.db
      .delete(jobVersions)
      .where(
        and(
          eq(jobVersions.jobId, jobId),
          eq(jobVersions.ownerUserId, owner),
          isNull(jobVersions.name),
          lt(jobVersions.number, below + 1),
        ),
      )
      .returning({ id: jobVersions.id });
    return deleted.length;
  }
}
