/**
 * Job events: the append-only audit trail of a job (a trigger refuses UPDATE).
 */
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { AppError, notFound } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type JobEventRow, jobEvents } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { mapFirst } from "./row-mapping.js";

export type JobEventAppend = {
  job_id: string;
  owner_user_id: string;
  trace_id: string;
  event_type: string;
  task_id?: string | null | undefined;
  payload?: Record<string, unknown> | undefined;
};

const isEventId = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v > 0;

/** Data access for `job_events`. Build one per transaction: `new JobEventRepository(tx)`. */
export class JobEventRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * Append an event to the owner's job; `not_found` when the job is not theirs.
   * The job check is part of the insert: the foreign key alone would accept
   * another owner's job, since foreign-key checks ignore row-level security.
   */
  async append(input: JobEventAppend): Promise<JobEventRow> {
    if (!isUuid(input.job_id)) throw notFound("job");
    if (!isUuid(input.trace_id)) throw new AppError("validation_failed", "The trace_id must be a UUID.");
    const taskId = input.task_id ?? null;
    if (taskId !== null && !isUuid(taskId))
      throw new AppError("validation_failed", "The task_id must be a UUID.");
    let row: JobEventRow | null;
    try {
      const result = await this.db.execute(sql`
        INSERT INTO job_events (job_id, owner_user_id, task_id, trace_id, event_type, payload)
        SELECT j.id, j.owner_user_id, ${taskId}::uuid, ${input.trace_id}::uuid, ${input.event_type},
               ${JSON.stringify(input.payload ?? {})}::jsonb
        FROM jobs j
        WHERE j.id = ${input.job_id}::uuid AND j.owner_user_id = ${input.owner_user_id}
        RETURNING *`);
      row = mapFirst(jobEvents, result.rows);
    } catch (error) {
      rethrowInputError(error);
    }
    if (!row) throw notFound("job");
    return row;
  }

  /** The events of the owner's job, oldest first, one keyset page at a time. */
  async listByJob(jobId: string, owner: string, page: PageRequest = {}): Promise<Page<JobEventRow>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, [isEventId]);
    if (!isUuid(jobId)) return { items: [], nextCursor: null };
    const rows = await this.db
      .select()
      .from(jobEvents)
      .where(
        and(
          eq(jobEvents.jobId, jobId),
          eq(jobEvents.ownerUserId, owner),
          after ? gt(jobEvents.id, after[0] as number) : undefined,
        ),
      )
      .orderBy(asc(jobEvents.id))
      .limit(limit + 1);
    return toPage(rows, limit, (r) => [r.id]);
  }

  /** The owner's job's newest `limit` events, newest first. */
  async listRecentByJob(jobId: string, owner: string, limit: number): Promise<JobEventRow[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select()
      .from(jobEvents)
      .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.ownerUserId, owner)))
      .orderBy(desc(jobEvents.id))
      .limit(limit);
  }
}
