/**
 * Jobs: one uploaded CV and what was derived from it.
 *
 * Every method takes the owner and filters by it; row-level security repeats
 * the filter underneath (see `withOwner`). A job of another owner is reported
 * exactly like a missing one: `null`.
 *
 * `updated_at` is the optimistic-concurrency token: the database advances it
 * on every update (trigger, millisecond precision), and `update` with
 * `expectedUpdatedAt` writes only if it still matches.
 */
import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable, Tx } from "../client.js";
import { type JobParseStatus, type JobRow, type JobSummaryRow, jobs } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import {
  decodeCursor,
  MICROSECOND_UTC,
  type Page,
  type PageRequest,
  pageSize,
  toPage,
} from "./pagination.js";

export type JobCreate = {
  /** Optional: callers that must know the id before inserting (e.g. to name the upload blob) pass one. */
  id?: string;
  owner_user_id: string;
  original_filename?: string | null;
  content_type?: string | null;
  size_bytes?: number | null;
  sha256?: string | null;
  upload_blob_path?: string | null;
  parse_status?: JobParseStatus;
  sections?: Record<string, unknown> | null;
  export_settings?: Record<string, unknown> | null;
};

export type JobPatch = Partial<{
  original_filename: string | null;
  content_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  upload_blob_path: string | null;
  parse_status: JobParseStatus;
  sections: Record<string, unknown> | null;
  export_settings: Record<string, unknown> | null;
  cv_sections_confirmed: boolean;
  schema_dirty: boolean;
}>;

export type UpdateOptions = {
  /** The `updated_at` the caller last read (e.g. from If-Match); omitted: update unconditionally. */
  expectedUpdatedAt?: Date | undefined;
};

// created_at carries microseconds, which a JavaScript Date would round away; the cursor keeps the exact text.
const createdAtKey = sql<string>`to_char(${jobs.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const isTimestamp = (v: unknown) => typeof v === "string" && MICROSECOND_UTC.test(v);

/** Data access for `jobs`. Build one per transaction: `new JobRepository(tx)`. */
export class JobRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /** Insert a job. */
  async create(input: JobCreate): Promise<JobRow> {
    try {
      const [row] = await this.db
        .insert(jobs)
        .values({
          ...(input.id === undefined ? {} : { id: input.id }),
          ownerUserId: input.owner_user_id,
          originalFilename: input.original_filename ?? null,
          contentType: input.content_type ?? null,
          sizeBytes: input.size_bytes ?? null,
          sha256: input.sha256 ?? null,
          uploadBlobPath: input.upload_blob_path ?? null,
          parseStatus: input.parse_status ?? "pending",
          sections: input.sections ?? null,
          exportSettings: input.export_settings ?? null,
        })
        .returning();
      return row as JobRow;
    } catch (error) {
      rethrowInputError(error);
    }
  }

  /** The owner's job, or null. */
  async findById(id: string, owner: string): Promise<JobRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The owner's job locked against concurrent writers until the transaction ends, or null. */
  async findByIdForUpdate(this: JobRepository<Tx>, id: string, owner: string): Promise<JobRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.ownerUserId, owner)))
      .limit(1)
      .for("update");
    return row ?? null;
  }

  /**
   * The owner's jobs, newest first, one keyset page at a time — as summaries: a list never ships the
   * sections (up to megabytes per job), only the name and headline read from them.
   */
  async list(owner: string, page: PageRequest = {}): Promise<Page<JobSummaryRow>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, [isTimestamp, isUuid]);
    const { sections: _sections, exportSettings: _settings, ...summaryColumns } = getTableColumns(jobs);
    const rows = await this.db
      .select({
        ...summaryColumns,
        name: sql<string | null>`nullif(${jobs.sections} #>> '{basics,name}', '')`,
        headline: sql<string | null>`nullif(${jobs.sections} #>> '{basics,label}', '')`,
        cursorKey: createdAtKey,
      })
      .from(jobs)
      .where(
        and(
          eq(jobs.ownerUserId, owner),
          after
            ? sql`(${jobs.createdAt}, ${jobs.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => [r.cursorKey, r.id]);
    return { items: result.items.map(({ cursorKey: _, ...row }) => row), nextCursor: result.nextCursor };
  }

  /**
   * Apply `patch`. Returns the updated row, null when the job does not exist
   * for this owner, and throws `precondition_failed` when `expectedUpdatedAt`
   * is stale (someone else wrote first).
   */
  async update(
    id: string,
    owner: string,
    patch: JobPatch,
    options: UpdateOptions = {},
  ): Promise<JobRow | null> {
    if (!isUuid(id)) return null;
    const values = toColumns(patch);
    const expected = options.expectedUpdatedAt;
    if (Object.keys(values).length === 0) {
      const current = await this.findById(id, owner);
      if (current && expected && current.updatedAt.getTime() !== expected.getTime()) throw stale(current);
      return current;
    }
    let row: JobRow | undefined;
    try {
      [row] = await this.db
        .update(jobs)
        .set(values)
        .where(
          and(
            eq(jobs.id, id),
            eq(jobs.ownerUserId, owner),
            expected ? eq(jobs.updatedAt, expected) : undefined,
          ),
        )
        .returning();
    } catch (error) {
      rethrowInputError(error);
    }
    if (row) return row;
    if (!expected) return null;
    // Nothing matched: either the job is gone (or not this owner's) or the token is stale.
    const current = await this.findById(id, owner);
    if (!current) return null;
    throw stale(current);
  }

  /** Mark the sections as confirmed by the user (the gate before optimize and export). */
  confirmSections(id: string, owner: string, options: UpdateOptions = {}): Promise<JobRow | null> {
    return this.update(id, owner, { cv_sections_confirmed: true }, options);
  }

  /** Record that the export settings changed since the last export (or clear it with `dirty = false`). */
  markSchemaDirty(
    id: string,
    owner: string,
    dirty = true,
    options: UpdateOptions = {},
  ): Promise<JobRow | null> {
    return this.update(id, owner, { schema_dirty: dirty }, options);
  }

  /** Delete the job and, by cascade, its tasks, events, artifacts and pointers. Returns the deleted row. */
  async delete(id: string, owner: string): Promise<JobRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .delete(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.ownerUserId, owner)))
      .returning();
    return row ?? null;
  }
}

function stale(current: JobRow): AppError {
  return new AppError("precondition_failed", "The job was changed by someone else; reload and retry.", {
    details: { current_updated_at: current.updatedAt.toISOString() },
  });
}

function toColumns(patch: JobPatch): Partial<typeof jobs.$inferInsert> {
  const out: Partial<typeof jobs.$inferInsert> = {};
  if (patch.original_filename !== undefined) out.originalFilename = patch.original_filename;
  if (patch.content_type !== undefined) out.contentType = patch.content_type;
  if (patch.size_bytes !== undefined) out.sizeBytes = patch.size_bytes;
  if (patch.sha256 !== undefined) out.sha256 = patch.sha256;
  if (patch.upload_blob_path !== undefined) out.uploadBlobPath = patch.upload_blob_path;
  if (patch.parse_status !== undefined) out.parseStatus = patch.parse_status;
  if (patch.sections !== undefined) out.sections = patch.sections;
  if (patch.export_settings !== undefined) out.exportSettings = patch.export_settings;
  if (patch.cv_sections_confirmed !== undefined) out.cvSectionsConfirmed = patch.cv_sections_confirmed;
  if (patch.schema_dirty !== undefined) out.schemaDirty = patch.schema_dirty;
  return out;
}
