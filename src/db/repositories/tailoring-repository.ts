/**
 * Tailorings: a posting a CV is tailored to, with its analysis, proposals,
 * questions, answers, cover letter and undo history (`tailorings`).
 *
 * `updated_at` is advanced by a trigger on every update, so it doubles as the
 * optimistic-concurrency token: `update` matches on it and answers
 * `precondition_failed` for a stale one.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type NewTailoringRow, type TailoringRow, tailorings } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst } from "./row-mapping.js";

export type TailoringPatch = Partial<
  Pick<
    NewTailoringRow,
    | "posting"
    | "engine"
    | "taskId"
    | "analysis"
    | "fit"
    | "proposals"
    | "questions"
    | "answers"
    | "coverLetter"
    | "history"
    | "audit"
    | "auditExpiresAt"
  >
>;

/** Data access for `tailorings`. Build one per transaction: `new TailoringRepository(tx)`. */
export class TailoringRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * A new tailoring of the owner's job; `not_found` when the job is not theirs (checked in the insert:
   * foreign keys ignore row-level security).
   */
  async create(input: {
    job_id: string;
    owner_user_id: string;
    posting: string;
    engine: "builtin" | "llm";
  }): Promise<TailoringRow> {
    if (!isUuid(input.job_id)) throw new AppError("not_found", "job not found");
    let row: TailoringRow | null;
    try {
      const result = await this.db.execute(sql`
        INSERT INTO tailorings (job_id, owner_user_id, posting, engine)
        SELECT j.id, j.owner_user_id, ${input.posting}, ${input.engine}
        FROM jobs j
        WHERE j.id = ${input.job_id}::uuid AND j.owner_user_id = ${input.owner_user_id}
        RETURNING *`);
      row = mapFirst(tailorings, result.rows);
    } catch (error) {
      rethrowInputError(error);
    }
    if (!row) throw new AppError("not_found", "job not found");
    return row;
  }

  async findById(id: string, owner: string): Promise<TailoringRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(tailorings)
      .where(and(eq(tailorings.id, id), eq(tailorings.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The owner's tailorings of a job, newest first (at most 50). */
  async listByJob(jobId: string, owner: string): Promise<TailoringRow[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select()
      .from(tailorings)
      .where(and(eq(tailorings.jobId, jobId), eq(tailorings.ownerUserId, owner)))
      .orderBy(desc(tailorings.createdAt), desc(tailorings.id))
      .limit(50);
  }

  /** Update the owner's tailoring; with `expectedUpdatedAt`, a stale token is `precondition_failed`. */
  async update(
    id: string,
    owner: string,
    patch: TailoringPatch,
    options: { expectedUpdatedAt?: Date } = {},
  ): Promise<TailoringRow> {
    if (!isUuid(id)) throw new AppError("not_found", "tailoring not found");
    const rows = await this.db
      .update(tailorings)
      .set(patch)
      .where(
        and(
          eq(tailorings.id, id),
          eq(tailorings.ownerUserId, owner),
          options.expectedUpdatedAt
            ? sql`date_trunc('milliseconds', ${tailorings.updatedAt}) = ${options.expectedUpdatedAt.toISOString()}::timestamptz`
            : undefined,
        ),
      )
      .returning();
    if (rows[0]) return rows[0];
    if (options.expectedUpdatedAt && (await this.findById(id, owner))) {
      throw new AppError("precondition_failed", "the tailoring changed since it was read");
    }
    throw new AppError("not_found", "tailoring not found");
  }

  /** Clear prompts and raw answers whose audit period ended (system scope; returns how many). */
  async clearExpiredAudits(now: Date, limit = 500): Promise<number> {
    const result = await this.db.execute(sql`
      UPDATE tailorings SET audit = NULL, audit_expires_at = NULL
      WHERE id IN (
        SELECT id FROM tailorings
        WHERE audit_expires_at IS NOT NULL AND audit_expires_at < ${now.toISOString()}::timestamptz
        LIMIT ${limit}
      )
      RETURNING id`);
    return result.rows.length;
  }
}
