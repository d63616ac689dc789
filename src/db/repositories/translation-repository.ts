/**
 * Translations: a job's CV in another language (`translations`), one per (job, language).
 *
 * `updated_at` is advanced by a trigger on every update, so it doubles as the
 * optimistic-concurrency token: `update` matches on it and answers
 * `precondition_failed` for a stale one.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type TRANSLATION_ENGINES, type TranslationRow, translations } from "../schema.js";
import { isUniqueViolation, rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst } from "./row-mapping.js";

export type TranslationPatch = Partial<Pick<TranslationRow, "engine" | "taskId" | "sections" | "fields">>;

/** Data access for `translations`. Build one per transaction: `new TranslationRepository(tx)`. */
export class TranslationRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * A new, empty translation of the owner's job; `not_found` when the job is not theirs (checked in
   * the insert: foreign keys ignore row-level security), `conflict` when the language already has one.
   */
  async create(input: {
    job_id: string;
    owner_user_id: string;
    language: string;
    engine: (typeof TRANSLATION_ENGINES)[number];
  }): Promise<TranslationRow> {
    if (!isUuid(input.job_id)) throw new AppError("not_found", "job not found");
    let row: TranslationRow | null;
    try {
      const result = await this.db.execute(sql`
        INSERT INTO translations (job_id, owner_user_id, language, engine)
        SELECT j.id, j.owner_user_id, ${input.language}, ${input.engine}
        FROM jobs j
        WHERE j.id = ${input.job_id}::uuid AND j.owner_user_id = ${input.owner_user_id}
        RETURNING *`);
      row = mapFirst(translations, result.rows);
    } catch (error) {
      if (isUniqueViolation(error, "translations_job_language_uq")) {
        throw new AppError("conflict", `the CV already has a translation into "${input.language}"`, {
          details: { language: input.language },
        });
      }
      rethrowInputError(error);
    }
    if (!row) throw new AppError("not_found", "job not found");
    return row;
  }

  async findById(id: string, owner: string): Promise<TranslationRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(translations)
      .where(and(eq(translations.id, id), eq(translations.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  async findByLanguage(jobId: string, language: string, owner: string): Promise<TranslationRow | null> {
    if (!isUuid(jobId)) return null;
    const [row] = await this.db
      .select()
      .from(translations)
      .where(
        and(
          eq(translations.jobId, jobId),
          eq(translations.language, language),
          eq(translations.ownerUserId, owner),
        ),
      )
      .limit(1);
    return row ?? null;
  }

  /** The owner's translations of a job by language (a job has at most one per language). */
  async listByJob(jobId: string, owner: string): Promise<TranslationRow[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select()
      .from(translations)
      .where(and(eq(translations.jobId, jobId), eq(translations.ownerUserId, owner)))
      .orderBy(asc(translations.language))
      .limit(100);
  }

  /** Update the owner's translation; with `expectedUpdatedAt`, a stale token is `precondition_failed`. */
  async update(
    id: string,
    owner: string,
    patch: TranslationPatch,
    options: { expectedUpdatedAt?: Date } = {},
  ): Promise<TranslationRow> {
    if (!isUuid(id)) throw new AppError("not_found", "translation not found");
    const rows = await this.db
      .update(translations)
      .set(patch)
      .where(
        and(
          eq(translations.id, id),
          eq(translations.ownerUserId, owner),
          options.expectedUpdatedAt
            ? sql`date_trunc('milliseconds', ${translations.updatedAt}) = ${options.expectedUpdatedAt.toISOString()}::timestamptz`
            : undefined,
        ),
      )
      .returning();
    if (rows[0]) return rows[0];
    if (options.expectedUpdatedAt && (await this.findById(id, owner))) {
      throw new AppError("precondition_failed", "the translation changed since it was read");
    }
    throw new AppError("not_found", "translation not found");
  }

  /** Delete the owner's translation; false when there was none. */
  async delete(id: string, owner: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db
      .delete(translations)
      .where(and(eq(translations.id, id), eq(translations.ownerUserId, owner)))
      .returning({ id: translations.id });
    return rows.length > 0;
  }
}
