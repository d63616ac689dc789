/**
 * Enqueue tasks: validated, idempotent, fairly ordered, audited and announced.
 *
 * One statement does it all (src/tasks/sql/insert-tasks.ts), for one task or
 * for thousands: `enqueueTask`/`enqueueTasks` run it in the caller's
 * transaction (with the caller's other writes, e.g. the job row), and
 * `enqueueTaskNow`/`enqueueTasksNow` run it on its own, as the owner, in one
 * round trip.
 */
import type { Database, Tx } from "../db/client.js";
import { rethrowInputError } from "../db/repositories/database-errors.js";
import { isUuid } from "../db/repositories/ids.js";
import { mapRow } from "../db/repositories/row-mapping.js";
import type { TaskCreate, TaskCreateResult } from "../db/repositories/task-repository.js";
import { tasks } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { TASKS_CHANNEL } from "./notify-channels.js";
import type { HandlerRegistry } from "./registry.js";
import { type Exec, scopedExec, txExec } from "./sql/exec.js";
import { insertTasks, type TaskInsert } from "./sql/insert-tasks.js";

export type EnqueueInput = TaskCreate;

/** What bulk enqueue answers per task: its id, and whether this call created it. */
export type EnqueuedTask = { id: string; created: boolean };

/**
 * Create a task (or return the one this idempotency key already made) inside `tx`.
 *
 * The input is checked against the handler's schema first, so a task that can
 * never run is refused with `validation_failed` instead of failing later. The
 * `task.queued` job event and the NOTIFY that wakes idle workers belong to the
 * same transaction as the insert (and as any row change the caller made), so
 * a task exists with its audit trail or not at all, and workers are woken
 * only once it is committed. `max_attempts` defaults to the handler's retry policy.
 *
 * @example await withOwner(database, owner, (tx) => enqueueTask(tx, registry, {
 *   job_id, owner_user_id: owner, idempotency_key: key, task_type: "export",
 *   input_payload: { formats: ["pdf"] }, trace_id }));
 */
export async function enqueueTask(
  tx: Tx,
  registry: HandlerRegistry,
  input: EnqueueInput,
): Promise<TaskCreateResult> {
  return toResult((await enqueueMany(txExec(tx), registry, [input], false))[0]);
}

/**
 * `enqueueTask` for many tasks in one statement (one insert, one NOTIFY), in `tx`.
 * Results are in input order; a key given twice with the same request yields the same task.
 */
export async function enqueueTasks(
  tx: Tx,
  registry: HandlerRegistry,
  inputs: readonly EnqueueInput[],
): Promise<EnqueuedTask[]> {
  return (await enqueueMany(txExec(tx), registry, inputs, true)).map(brief);
}

/** `enqueueTask` as its own transaction, as the owner, in one round trip. */
export async function enqueueTaskNow(
  database: Database,
  registry: HandlerRegistry,
  input: EnqueueInput,
): Promise<TaskCreateResult> {
  const exec = scopedExec(database, { owner: input.owner_user_id });
  return toResult((await enqueueMany(exec, registry, [input], false))[0]);
}

/**
 * `enqueueTasks` as its own transaction in one round trip. All tasks must
 * belong to one owner (the statement runs under that owner's row-level security).
 */
export async function enqueueTasksNow(
  database: Database,
  registry: HandlerRegistry,
  inputs: readonly EnqueueInput[],
): Promise<EnqueuedTask[]> {
  if (inputs.length === 0) return [];
  const owner = inputs[0]?.owner_user_id ?? "";
  if (inputs.some((i) => i.owner_user_id !== owner)) {
    throw new AppError("validation_failed", "One call enqueues tasks for one owner.");
  }
  return (await enqueueMany(scopedExec(database, { owner }), registry, inputs, true)).map(brief);
}

type Decided = { raw: Record<string, unknown>; created: boolean };

function brief(d: Decided | undefined): EnqueuedTask {
  return { id: d?.raw.id as string, created: d?.created === true };
}

function toResult(d: Decided | undefined): TaskCreateResult {
  if (!d) throw new Error("enqueue decided nothing");
  return { task: mapRow(tasks, d.raw), created: d.created };
}

/** At most this many tasks per statement; larger calls are split (each part is one statement). */
const MAX_PER_STATEMENT = 5_000;

async function enqueueMany(
  exec: Exec,
  registry: HandlerRegistry,
  inputs: readonly EnqueueInput[],
  briefRows: boolean,
): Promise<Decided[]> {
  const rows = inputs.map((input) => toInsert(registry, input));
  // One row per (owner, key): a repeat within the call shares the first one's result.
  const firstOf = new Map<string, number>();
  const distinct: number[] = [];
  const sameAs = rows.map((row, i) => {
    const key = `${row.owner_user_id}\u0000${row.idempotency_key}`;
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
      distinct.push(i);
      return i;
    }
    if (!sameRequest(rows[first] as TaskInsert, row)) {
      throw new AppError(
        "idempotency_key_reused",
        "This idempotency key was already used for a different request.",
      );
    }
    return first;
  });
  const results = new Map<number, Decided>();
  for (let from = 0; from < distinct.length; from += MAX_PER_STATEMENT) {
    const part = distinct.slice(from, from + MAX_PER_STATEMENT);
    await insertPart(exec, part, rows, results, briefRows);
  }
  return sameAs.map((first, i) => {
    const result = results.get(first) as Decided;
    return i === first ? result : { raw: result.raw, created: false };
  });
}

async function insertPart(
  exec: Exec,
  part: readonly number[],
  rows: readonly TaskInsert[],
  results: Map<number, Decided>,
  briefRows: boolean,
): Promise<void> {
  let pending = [...part];
  // A second pass sees rows a concurrent caller committed after the first statement's snapshot.
  for (let pass = 0; pass < 2 && pending.length > 0; pass++) {
    let returned: Record<string, unknown>[];
    try {
      returned = await insertTasks(
        exec,
        pending.map((i) => rows[i] as TaskInsert),
        TASKS_CHANNEL,
        briefRows,
      );
    } catch (error) {
      rethrowInputError(error);
    }
    for (const raw of returned) {
      const index = pending[Number(raw.ord) - 1] as number;
      if (raw.same_request !== true) {
        throw new AppError(
          "idempotency_key_reused",
          "This idempotency key was already used for a different request.",
          { details: { task_id: raw.id } },
        );
      }
      results.set(index, { raw, created: raw.created === true });
    }
    pending = pending.filter((i) => !results.has(i));
  }
  // Still undecided: the job does not exist or is another owner's (indistinguishable, on purpose).
  if (pending.length > 0) throw notFound("job");
}

function toInsert(registry: HandlerRegistry, input: EnqueueInput): TaskInsert {
  const handler = registry.get(input.task_type);
  if (!handler) throw new AppError("validation_failed", `Unknown task type ${input.task_type}.`);
  if (!isUuid(input.trace_id)) throw new AppError("validation_failed", "The trace_id must be a UUID.");
  if (input.job_id !== null && !isUuid(input.job_id)) throw notFound("job");
  if (!input.owner_user_id) throw new AppError("unauthorized", "An owner is required.");
  const parsed = handler.input.safeParse(input.input_payload);
  if (!parsed.success) {
    throw new AppError("validation_failed", `Invalid input for task type ${input.task_type}.`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
    });
  }
  return {
    job_id: input.job_id,
    owner_user_id: input.owner_user_id,
    idempotency_key: input.idempotency_key,
    task_type: input.task_type,
    input_payload: isPlainObject(parsed.data) ? parsed.data : input.input_payload,
    trace_id: input.trace_id,
    max_attempts: input.max_attempts ?? handler.retry.maxAttempts,
    priority: input.priority ?? 0,
    run_at: input.run_at?.toISOString() ?? null,
    spacing_ms: handler.fairSpacingMs ?? DEFAULT_FAIR_SPACING_MS,
  };
}

/** Spacing of one owner's tasks in the fair order when a handler names none: about one task's duration. */
export const DEFAULT_FAIR_SPACING_MS = 1_000;

function sameRequest(a: TaskInsert, b: TaskInsert): boolean {
  return (
    a.task_type === b.task_type &&
    a.job_id === b.job_id &&
    JSON.stringify(a.input_payload) === JSON.stringify(b.input_payload)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
