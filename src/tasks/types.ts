/**
 * The task engine's public types.
 *
 * Glossary
 * - task: one row of `tasks`; both what a user polls and the queue entry a worker claims.
 * - handler: the code for one `task_type` (input schema, time budget, retry policy, `run`).
 * - worker: a process-local loop that claims queued tasks and runs their handlers.
 * - lease: a worker's claim on a running task (`lease_token` + `lease_expires_at`), renewed by heartbeat.
 *   A lease that expires means the worker died; the sweeper puts the task back in the queue.
 * - time budget: how long one attempt may run (`timeout_at`); past it the attempt is aborted,
 *   however alive its worker is.
 * - fencing: every write for a claimed task names its lease token, so a worker that lost the
 *   lease cannot change the task or commit effects on its behalf.
 */
import type { z } from "zod";
import type { Tx } from "../db/client.js";
import type { Logger } from "../observability/logger.js";

/** What a handler learns about the task it runs, and how it reports back. */
export type TaskContext = {
  task: {
    id: string;
    jobId: string | null;
    ownerUserId: string;
    traceId: string;
    /** 1 on the first attempt. */
    attempt: number;
    maxAttempts: number;
    taskType: string;
  };
  /** Aborted on cancel, timeout, lease loss and shutdown; `signal.reason` is an `AppError`. */
  signal: AbortSignal;
  /** Fenced write of `stage`/`progress`; a job event is appended when the stage changes. */
  reportProgress(stage: string, progress?: number): Promise<void>;
  /**
   * A system-scoped transaction that first re-checks (row lock) that this worker still holds the
   * lease and no cancel was requested. Throws `AppError("lease_lost")` or `AppError("task_canceled")`
   * otherwise, so the handler's durable effects commit only while it owns the task.
   */
  fencedTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  logger: Logger;
  /** The id of the worker running this attempt (also on every log line). */
  workerId: string;
  /** The worker's clock (injectable in tests). */
  now(): Date;
};

/** The code for one task type. */
export type TaskHandler<I, R extends Record<string, unknown> = Record<string, unknown>> = {
  /** The `task_type` this handler runs. */
  type: string;
  /** Validates `input_payload` at enqueue and again at claim. */
  input: z.ZodType<I>;
  /** Time budget of one attempt; becomes `tasks.timeout_at` at claim. */
  timeoutMs: number;
  /** Transient failures retry with exponential backoff and jitter up to `maxAttempts` attempts. */
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** Runs one attempt. The returned object is stored in `tasks.result`. */
  run(input: I, ctx: TaskContext): Promise<R>;
  /**
   * About how long one task takes; spaces one owner's queued tasks apart in the fair claim
   * order (default 1 s). Only the ratio between task types matters; 0 makes the type plain FIFO.
   */
  fairSpacingMs?: number;
  /**
   * Runs in the same transaction as the write that ends the task for good without completing it
   * (failed after its last attempt, canceled while queued or running, failed by the sweeper), so
   * what the handler maintains outside the task row (e.g. the job's parse status) never stays
   * "in progress". Must be idempotent and quick.
   */
  settle?(tx: Tx, task: SettledTask, outcome: { status: "failed" | "canceled"; code: string }): Promise<void>;
};

/** What `settle` learns about the task that ended. */
export type SettledTask = {
  id: string;
  jobId: string | null;
  ownerUserId: string;
  traceId: string;
  taskType: string;
  inputPayload: Record<string, unknown>;
};

/** A handler whose input type is erased, as stored in a registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds handlers of every input type.
export type AnyTaskHandler = TaskHandler<any, Record<string, unknown>>;

/**
 * Declare a handler with its input and result types inferred.
 *
 * @example export const echo = defineHandler({ type: "echo", input: z.object({ text: z.string() }),
 *   timeoutMs: 10_000, retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 },
 *   run: async (input) => ({ text: input.text }) });
 */
export function defineHandler<I, R extends Record<string, unknown>>(h: TaskHandler<I, R>): TaskHandler<I, R> {
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(h.type))
    throw new Error(`invalid task type ${JSON.stringify(h.type)}`);
  if (h.fairSpacingMs !== undefined && !(h.fairSpacingMs >= 0)) {
    throw new Error(`task type ${h.type}: fairSpacingMs must be >= 0`);
  }
  if (!(h.timeoutMs > 0)) throw new Error(`task type ${h.type}: timeoutMs must be positive`);
  if (!(Number.isInteger(h.retry.maxAttempts) && h.retry.maxAttempts >= 1)) {
    throw new Error(`task type ${h.type}: retry.maxAttempts must be an integer >= 1`);
  }
  if (!(h.retry.baseDelayMs >= 0 && h.retry.maxDelayMs >= h.retry.baseDelayMs)) {
    throw new Error(`task type ${h.type}: need 0 <= retry.baseDelayMs <= retry.maxDelayMs`);
  }
  return h;
}
