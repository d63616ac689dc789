/**
 * Enqueue a task: validated, idempotent, audited and announced in the caller's transaction.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../db/client.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import {
  type TaskCreate,
  type TaskCreateResult,
  TaskRepository,
} from "../db/repositories/task-repository.js";
import { AppError } from "../errors.js";
import { TASKS_CHANNEL } from "./notify-channels.js";
import type { HandlerRegistry } from "./registry.js";

export type EnqueueInput = TaskCreate;

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
  const handler = registry.get(input.task_type);
  if (!handler) throw new AppError("validation_failed", `Unknown task type ${input.task_type}.`);
  const parsed = handler.input.safeParse(input.input_payload);
  if (!parsed.success) {
    throw new AppError("validation_failed", `Invalid input for task type ${input.task_type}.`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
    });
  }
  const payload = isPlainObject(parsed.data) ? parsed.data : input.input_payload;
  const created = await new TaskRepository(tx).create({
    ...input,
    input_payload: payload,
    max_attempts: input.max_attempts ?? handler.retry.maxAttempts,
  });
  if (!created.created) return created;

  const task = created.task;
  if (task.jobId) {
    await new JobEventRepository(tx).append({
      job_id: task.jobId,
      owner_user_id: task.ownerUserId,
      trace_id: task.traceId,
      task_id: task.id,
      event_type: "task.queued",
      payload: { task_type: task.taskType, max_attempts: task.maxAttempts, run_at: task.runAt.toISOString() },
    });
  }
  await tx.execute(sql`SELECT pg_notify(${TASKS_CHANNEL}, ${task.taskType})`);
  return created;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
