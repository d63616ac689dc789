/**
 * Tasks as the user sees them: idempotent creation and owner-scoped reads.
 *
 * State transitions (claim, heartbeat, complete, retry) belong to the task
 * engine in src/tasks; this file only creates and reads.
 */
import { and, asc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { AppError, notFound } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type TaskRow, tasks } from "../schema.js";
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
import { taskRequestHash } from "./request-hash.js";
import { mapRow } from "./row-mapping.js";

/** Mirrors the column defaults in src/db/schema.ts. */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_PRIORITY = 0;

export type TaskCreate = {
  /** Null for system tasks that belong to no job (e.g. scheduled retention). */
  job_id: string | null;
  owner_user_id: string;
  idempotency_key: string;
  task_type: string;
  input_payload: Record<string, unknown>;
  trace_id: string;
  max_attempts?: number | undefined;
  /** Lower runs first. */
  priority?: number | undefined;
  /** Not before this time; default now. */
  run_at?: Date | undefined;
};

export type TaskCreateResult = {
  task: TaskRow;
  /** False when an earlier create with the same owner and key already made this task. */
  created: boolean;
};

const createdAtKey = sql<string>`to_char(${tasks.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const isTimestamp = (v: unknown) => typeof v === "string" && MICROSECOND_UTC.test(v);

/**
 * The hot statement of `create`, one round trip in the common cases. It
 * - inserts only if the job (when given) belongs to the owner: a job id is a
 *   foreign key, and foreign-key checks ignore row-level security, so without
 *   this guard a caller could hang tasks on another owner's job;
 * - does nothing on a duplicate (owner, idempotency key): a concurrent insert
 *   of the same key waits for the first to commit, then takes this branch, so
 *   exactly one row is ever created;
 * - returns the inserted row (`created = true`) or else the row that already
 *   existed when the statement started (`created = false`).
 * It returns nothing when the job is not the owner's, or when the conflicting
 * row was committed by a concurrent caller after this statement's snapshot
 * was taken; `resolveCreateTask` then reads again in a new statement.
 */
export function createTaskStatement(input: TaskCreate): { statement: SQL; requestHash: string } {
  if (!isUuid(input.trace_id)) throw new AppError("validation_failed", "The trace_id must be a UUID.");
  if (input.job_id !== null && !isUuid(input.job_id)) throw notFound("job");
  const requestHash = taskRequestHash(input);
  const statement = sql`
    WITH inserted AS (
      INSERT INTO tasks (job_id, owner_user_id, idempotency_key, request_hash, task_type,
                         input_payload, trace_id, max_attempts, priority, run_at)
      SELECT ${input.job_id}::uuid, ${input.owner_user_id}, ${input.idempotency_key}, ${requestHash},
             ${input.task_type}, ${JSON.stringify(input.input_payload ?? {})}::jsonb, ${input.trace_id}::uuid,
             ${input.max_attempts ?? DEFAULT_MAX_ATTEMPTS}::int, ${input.priority ?? DEFAULT_PRIORITY}::smallint,
             coalesce(${input.run_at?.toISOString() ?? null}::timestamptz, now())
      WHERE ${input.job_id}::uuid IS NULL
         OR EXISTS (SELECT 1 FROM jobs WHERE id = ${input.job_id}::uuid AND owner_user_id = ${input.owner_user_id})
      ON CONFLICT (owner_user_id, idempotency_key) DO NOTHING
      RETURNING *
    )
    SELECT inserted.*, true AS created FROM inserted
    UNION ALL
    SELECT t.*, false AS created FROM tasks t
    WHERE t.owner_user_id = ${input.owner_user_id} AND t.idempotency_key = ${input.idempotency_key}
      AND NOT EXISTS (SELECT 1 FROM inserted)`;
  return { statement, requestHash };
}

/**
 * Turn the rows of `createTaskStatement` into the result of `create`, calling
 * `settle` (a fresh read, see `TaskRepository.settleConflict`) when the
 * statement could not decide.
 */
export async function resolveCreateTask(
  rows: readonly Record<string, unknown>[],
  requestHash: string,
  settle: () => Promise<TaskCreateResult>,
): Promise<TaskCreateResult> {
  const first = rows[0];
  if (!first) return settle();
  const task = mapRow(tasks, first);
  if (first.created === true) return { task, created: true };
  return { task: checkSameRequest(task, requestHash), created: false };
}

function checkSameRequest(existing: TaskRow, requestHash: string): TaskRow {
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      "idempotency_key_reused",
      "This idempotency key was already used for a different request.",
      {
        details: { task_id: existing.id },
      },
    );
  }
  return existing;
}

/** Data access for `tasks`. Build one per transaction: `new TaskRepository(tx)`. */
export class TaskRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * Create a task, or return the one an earlier call with the same owner and
   * idempotency key created. The same key with a different request (task type,
   * job, payload) is `idempotency_key_reused`; a job that is not the owner's
   * is `not_found`.
   */
  async create(input: TaskCreate): Promise<TaskCreateResult> {
    const { statement, requestHash } = createTaskStatement(input);
    let rows: Record<string, unknown>[];
    try {
      rows = (await this.db.execute(statement)).rows;
    } catch (error) {
      rethrowInputError(error);
    }
    return resolveCreateTask(rows, requestHash, () => this.settleConflict(input, requestHash));
  }

  /**
   * The slow path of `create`, after its statement returned nothing: read the
   * key again in a new statement (which sees a concurrent caller's commit),
   * else tell a foreign job apart, else insert again.
   */
  async settleConflict(input: TaskCreate, requestHash: string): Promise<TaskCreateResult> {
    // Two attempts: the existing row can vanish between the conflicting insert and the read
    // (housekeeping purges old tasks); the second insert then simply succeeds.
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await this.findByIdempotencyKey(input.owner_user_id, input.idempotency_key);
      if (existing) return { task: checkSameRequest(existing, requestHash), created: false };
      if (input.job_id !== null && !(await this.jobVisible(input.job_id, input.owner_user_id))) {
        throw notFound("job");
      }
      const rows = (await this.db.execute(createTaskStatement(input).statement)).rows;
      const created = rows[0];
      if (created?.created === true) return { task: mapRow(tasks, created), created: true };
    }
    throw new AppError("conflict", "The task with this idempotency key is being removed; retry.");
  }

  private async jobVisible(jobId: string, owner: string): Promise<boolean> {
    const result = await this.db.execute(
      sql`SELECT 1 FROM jobs WHERE id = ${jobId}::uuid AND owner_user_id = ${owner}`,
    );
    return result.rows.length > 0;
  }

  /** The owner's task, or null. */
  async findById(id: string, owner: string): Promise<TaskRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, id), eq(tasks.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The owner's task created with `key`, or null. */
  async findByIdempotencyKey(owner: string, key: string): Promise<TaskRow | null> {
    const [row] = await this.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.ownerUserId, owner), eq(tasks.idempotencyKey, key)))
      .limit(1);
    return row ?? null;
  }

  /** The owner's tasks of one job, oldest first, one keyset page at a time. */
  async listByJob(jobId: string, owner: string, page: PageRequest = {}): Promise<Page<TaskRow>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, [isTimestamp, isUuid]);
    if (!isUuid(jobId)) return { items: [], nextCursor: null };
    const rows = await this.db
      .select({ ...getTableColumns(tasks), cursorKey: createdAtKey })
      .from(tasks)
      .where(
        and(
          eq(tasks.jobId, jobId),
          eq(tasks.ownerUserId, owner),
          after
            ? sql`(${tasks.createdAt}, ${tasks.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(tasks.createdAt), asc(tasks.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => [r.cursorKey, r.id]);
    return { items: result.items.map(({ cursorKey: _, ...row }) => row), nextCursor: result.nextCursor };
  }
}
