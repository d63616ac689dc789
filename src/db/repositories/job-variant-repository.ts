/**
 * Job variants: which job is a variant of which master, what it targets, and the fields it overrides
 * (`job_variants`; the variant's content itself is its own job row).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type JobVariantRow, jobVariants } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst } from "./row-mapping.js";

/** Data access for `job_variants`. Build one per transaction: `new JobVariantRepository(tx)`. */
export class JobVariantRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * Link the owner's job `job_id` to the owner's master; `not_found` unless both are the owner's
   * (checked in the insert: foreign keys ignore row-level security).
   */
  async create(input: {
    job_id: string;
    master_job_id: string;
    owner_user_id: string;
    target: Record<string, unknown>;
  }): Promise<JobVariantRow> {
    let row: JobVariantRow | null;
    try {
      const result = await this.db.execute(sql`
        INSERT INTO job_variants (job_id, owner_user_id, master_job_id, target)
        SELECT v.id, v.owner_user_id, m.id, ${JSON.stringify(input.target)}::jsonb
        FROM jobs v JOIN jobs m ON m.owner_user_id = v.owner_user_id
        WHERE v.id = ${input.job_id}::uuid AND m.id = ${input.master_job_id}::uuid
          AND v.owner_user_id = ${input.owner_user_id}
        RETURNING *`);
      row = mapFirst(jobVariants, result.rows);
    } catch (error) {
      rethrowInputError(error);
    }
    if (!row) throw new AppError("not_found", "Job not found.");
    return row;
  }

  /** The variant link of the owner's job, or null when it is no variant. */
  async findByJob(jobId: string, owner: string): Promise<JobVariantRow | null> {
    if (!isUuid(jobId)) return null;
    const [row] = await this.db
      .select()
      .from(jobVariants)
      .where(and(eq(jobVariants.jobId, jobId), eq(jobVariants.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The variants of the owner's master, oldest first (at most 200). */
  async listByMaster(masterJobId: string, owner: string): Promise<JobVariantRow[]> {
    if (!isUuid(masterJobId)) return [];
    return this.db
      .select()
      .from(jobVariants)
      .where(and(eq(jobVariants.masterJobId, masterJobId), eq(jobVariants.ownerUserId, owner)))
      .orderBy(asc(jobVariants.createdAt), asc(jobVariants.jobId))
      .limit(200);
  }

  /** When each job last got an export and a share link (null when never), for a master's variant list. */
  async activity(
    jobIds: string[],
  ): Promise<Map<string, { lastExportAt: Date | null; lastSharedAt: Date | null }>> {
    const out = new Map<string, { lastExportAt: Date | null; lastSharedAt: Date | null }>();
    const ids = jobIds.filter(isUuid);
    if (ids.length === 0) return out;
    const result = await this.db.execute(sql`
      SELECT j.id::text AS id,
             (SELECT extract(epoch FROM max(a.created_at)) * 1000 FROM artifacts a WHERE a.job_id = j.id)::float8 AS last_export_at,
             (SELECT extract(epoch FROM max(s.created_at)) * 1000 FROM share_links s WHERE s.job_id = j.id)::float8 AS last_shared_at
      FROM jobs j
      WHERE j.id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
    // Milliseconds since the epoch: the same number from node-postgres and PGlite, whatever the time zone.
    const at = (v: unknown) => (v === null || v === undefined ? null : new Date(Math.floor(Number(v))));
    for (const row of result.rows as { id: string; last_export_at: unknown; last_shared_at: unknown }[]) {
      out.set(row.id, { lastExportAt: at(row.last_export_at), lastSharedAt: at(row.last_shared_at) });
    }
    return out;
  }

  async update(
    jobId: string,
    owner: string,
    patch: { overrides?: unknown[]; target?: Record<string, unknown> },
  ): Promise<JobVariantRow> {
    const rows = await this.db
      .update(jobVariants)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(jobVariants.jobId, jobId), eq(jobVariants.ownerUserId, owner)))
      .returning();
    if (!rows[0]) throw new AppError("not_found", "Variant not found.");
    return rows[0];
  }
}
