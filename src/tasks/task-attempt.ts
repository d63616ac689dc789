/**
 * One attempt of one claimed task: builds the handler's context, runs it,
 * and records how it ended with a fenced write.
 *
 * Outcomes: completed (result stored), retried (queued again with backoff),
 * failed (permanent error or no attempt left), canceled (a cancel was
 * requested), lease_lost (someone else owns the task now; nothing is
 * written and the result is discarded), released (handed back at shutdown).
 */
import type { Database, Tx } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import { AppError, ERROR_CODES, isAppError, isConnectionError } from "../errors.js";
import { type Logger, taskLogFields } from "../observability/logger.js";
import { retryDelayMs } from "./backoff.js";
import type { CompletionOutcome } from "./completion-batcher.js";
import type { TaskMetrics, TaskOutcome } from "./metrics.js";
import type { ClaimedTask } from "./sql/claim-tasks.js";
import { type Exec, scopedExec, txExec } from "./sql/exec.js";
import { failOrRetryTask } from "./sql/fail-or-retry-task.js";
import { lockLease } from "./sql/lock-lease.js";
import { markTaskCanceled } from "./sql/mark-task-canceled.js";
import { reportProgress } from "./sql/report-progress.js";
import { serializeResult } from "./task-result.js";
import type { AnyTaskHandler, SettledTask, TaskContext } from "./types.js";

export type AttemptEnvironment = {
  database: Database;
  logger: Logger;
  metrics: TaskMetrics | undefined;
  /** The injected clock, if any (passed into SQL); undefined lets the database decide. */
  clock: (() => Date) | undefined;
  random: () => number;
  workerId: string;
  /** Batched, fenced completion: true completed, false lease lost, undefined unknown (database down). */
  complete(task: ClaimedTask, resultJson: string): Promise<CompletionOutcome>;
  /** Called once when the handler has returned (or thrown): its concurrency slot is free. */
  onHandlerDone?: (() => void) | undefined;
  /** Retries a write through connection failures; rethrows anything else. */
  persist<T>(fn: () => Promise<T>): Promise<T>;
};

export class TaskAttempt {
  readonly controller = new AbortController();
  /** Someone else owns the task now (sweeper, cancel, timeout); nothing may be written. */
  lost = false;
  /** Handed back to the queue by a stopping worker. */
  released = false;
  cancelRequested = false;
  timedOut = false;
  /** The handler has returned; the outcome is being written. */
  settling = false;
  outcome: TaskOutcome | "unknown" | undefined;
  private readonly startedAt = performance.now();
  private timeoutTimer: NodeJS.Timeout | undefined;
  private childLogger: Logger | undefined;
  private readonly exec: Exec;

  constructor(
    readonly task: ClaimedTask,
    private readonly handler: AnyTaskHandler,
    private readonly env: AttemptEnvironment,
  ) {
    this.exec = scopedExec(env.database);
  }

  /** Built on first use: most attempts of short tasks log nothing. */
  private get logger(): Logger {
    this.childLogger ??= this.env.logger.child({
      ...taskLogFields(this.task),
      job_id: this.task.jobId,
      attempt: this.task.attempts,
    });
    return this.childLogger;
  }

  get lease(): { id: string; leaseToken: string } {
    return { id: this.task.id, leaseToken: this.task.leaseToken };
  }

  private handlerDoneCalled = false;
  private handlerDone(): void {
    if (this.handlerDoneCalled) return;
    this.handlerDoneCalled = true;
    this.env.onHandlerDone?.();
  }

  /** Abort the handler (first reason wins). */
  abort(reason: AppError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** Record that the lease is gone and stop the handler. */
  markLost(why: string): void {
    if (this.lost || this.released) return;
    this.lost = true;
    this.env.metrics?.countLeaseLoss(this.task.taskType);
    this.logger.warn({ why }, "task lease lost; stopping the attempt and discarding its result");
    this.abort(new AppError("lease_lost", `The worker lost its claim on the task (${why}).`));
  }

  markCancelRequested(): void {
    this.cancelRequested = true;
    this.abort(new AppError("task_canceled", "The task was canceled."));
  }

  markTimedOut(): void {
    this.timedOut = true;
    this.abort(
      new AppError("task_timeout", `The attempt exceeded its time budget of ${this.handler.timeoutMs} ms.`),
    );
  }

  /** Run the handler and write the outcome; never throws. */
  async run(): Promise<TaskOutcome | "unknown"> {
    try {
      this.outcome = await this.execute();
    } catch (error) {
      // Writing the outcome failed for good (database unreachable): the lease will expire and the
      // sweeper will requeue the task, so nothing is lost.
      this.logger.error({ err: error }, "could not record the task outcome; the sweeper will recover it");
      this.outcome = "unknown";
    } finally {
      if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
      this.handlerDone();
    }
    if (this.outcome !== "unknown") {
      this.env.metrics?.observeAttempt(
        this.task.taskType,
        this.outcome,
        (performance.now() - this.startedAt) / 1000,
      );
    }
    return this.outcome;
  }

  private async execute(): Promise<TaskOutcome> {
    const parsed = this.handler.input.safeParse(this.task.inputPayload);
    if (!parsed.success) {
      this.settling = true;
      this.handlerDone();
      return this.fail(
        new AppError("validation_failed", `Invalid input for task type ${this.task.taskType}.`),
        "input",
      );
    }
    if (!this.env.clock) {
      // Real time: abort right at the budget. With an injected clock the heartbeat reports it.
      const remaining = Math.max(0, this.task.timeoutAt.getTime() - Date.now());
      this.timeoutTimer = setTimeout(() => this.markTimedOut(), remaining);
      this.timeoutTimer.unref();
    }

    let result: unknown;
    let failure: unknown;
    let failed = false;
    try {
      result = await this.handler.run(parsed.data, this.context());
    } catch (error) {
      failure = error;
      failed = true;
    }
    this.settling = true;
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.handlerDone();

    if (this.released) return "released";
    if (this.lost) return "lease_lost";
    if (!failed) {
      const stored = isPlainObject(result) ? result : result === undefined ? {} : { value: result };
      const json = serializeResult(stored);
      if (json instanceof AppError) return this.fail(json, "result");
      const completed = await this.env.complete(this.task, json);
      if (completed instanceof AppError) return this.fail(completed, "result");
      if (completed === false) {
        this.markLost("completion rejected by fencing");
        return "lease_lost";
      }
      if (completed === undefined) throw new Error("completion could not be written");
      if (this.env.logger.isLevelEnabled("info")) this.logger.info("task completed");
      return "completed";
    }
    if (this.cancelRequested || isAppError(failure, "task_canceled")) {
      const canceled = await this.env.persist(() =>
        this.withSettle(
          (exec) => markTaskCanceled(exec, this.lease, { now: this.env.clock?.() }),
          (done) => (done ? { status: "canceled", code: "task_canceled" } : undefined),
        ),
      );
      if (!canceled) {
        this.markLost("cancel write rejected by fencing");
        return "lease_lost";
      }
      this.logger.info("task canceled");
      return "canceled";
    }
    if (this.timedOut) {
      return this.fail(
        new AppError("task_timeout", `The attempt exceeded its time budget of ${this.handler.timeoutMs} ms.`),
        "timeout",
      );
    }
    return this.fail(toAppError(failure, this.logger), "error");
  }

  private async fail(error: AppError, reason: string): Promise<TaskOutcome> {
    const delay = retryDelayMs(this.task.attempts, this.handler.retry, this.env.random);
    const failure = {
      code: error.code,
      message: safeMessage(error),
      retryable: error.retryable,
      retryDelayMs: delay,
      reason,
    };
    const outcome = await this.env.persist(() =>
      this.withSettle(
        (exec) => failOrRetryTask(exec, this.lease, failure, { now: this.env.clock?.() }),
        (out) => (out?.status === "failed" ? { status: "failed", code: error.code } : undefined),
      ),
    );
    if (!outcome) {
      this.markLost("failure write rejected by fencing");
      return "lease_lost";
    }
    if (outcome.status === "queued") {
      this.env.metrics?.countRetry(this.task.taskType, reason);
      this.logger.warn({ code: error.code, run_at: outcome.runAt }, "task attempt failed; retrying later");
      return "retried";
    }
    this.logger.warn({ code: error.code, retryable: error.retryable }, "task failed");
    return "failed";
  }

  private context(): TaskContext {
    const attempt = this;
    const task = this.task;
    const env = this.env;
    return {
      task: {
        id: task.id,
        jobId: task.jobId,
        ownerUserId: task.ownerUserId,
        traceId: task.traceId,
        attempt: task.attempts,
        maxAttempts: task.maxAttempts,
        taskType: task.taskType,
      },
      signal: this.controller.signal,
      get logger() {
        return attempt.logger;
      },
      workerId: env.workerId,
      now: () => env.clock?.() ?? new Date(),
      reportProgress: async (stage, progress) => {
        this.throwIfStopped();
        const pct = progress === undefined ? null : Math.max(0, Math.min(100, Math.round(progress)));
        const held = await reportProgress(this.exec, this.lease, stage.slice(0, 200), pct);
        if (!held) {
          this.markLost("progress write rejected by fencing");
          this.throwIfStopped();
        }
      },
      fencedTransaction: <T>(fn: (tx: Tx) => Promise<T>) =>
        withSystem(env.database, async (tx) => {
          this.throwIfStopped();
          const state = await lockLease(txExec(tx), this.lease);
          if (state === "lost") this.markLost("fenced transaction found another owner");
          if (state === "cancel_requested") this.markCancelRequested();
          this.throwIfStopped();
          return fn(tx);
        }),
    };
  }

  /**
   * Run an ending write; when it ends the task for good and the handler has a `settle` hook, run
   * the hook in the same transaction, so the two commit together. Without a hook: one round trip.
   */
  private async withSettle<T>(
    write: (exec: Exec) => Promise<T>,
    ended: (out: T) => { status: "failed" | "canceled"; code: string } | undefined,
  ): Promise<T> {
    const settle = this.handler.settle;
    if (!settle) return write(this.exec);
    return withSystem(this.env.database, async (tx) => {
      const out = await write(txExec(tx));
      const end = ended(out);
      if (end) await settle(tx, settledTask(this.task), end);
      return out;
    });
  }

  /** Refuse further writes once the attempt lost the task, was canceled, timed out or released. */
  private throwIfStopped(): void {
    if (this.lost) throw new AppError("lease_lost", "The worker no longer holds this task.");
    if (this.released) throw new AppError("worker_shutting_down", "The task was handed back to the queue.");
    if (this.cancelRequested) throw new AppError("task_canceled", "The task was canceled.");
    if (this.timedOut) throw new AppError("task_timeout", "The attempt exceeded its time budget.");
  }
}

/** What `settle` hooks learn about a claimed task. */
export function settledTask(
  task: Pick<ClaimedTask, "id" | "jobId" | "ownerUserId" | "traceId" | "taskType" | "inputPayload">,
): SettledTask {
  return {
    id: task.id,
    jobId: task.jobId,
    ownerUserId: task.ownerUserId,
    traceId: task.traceId,
    taskType: task.taskType,
    inputPayload: task.inputPayload,
  };
}

/**
 * The message stored on the task and shown to its owner. A failure of the input (4xx codes)
 * explains itself in words written for the user; anything on our side (5xx) shows only its
 * code's title, and the detail stays in the logs.
 */
export function safeMessage(error: AppError): string {
  return error.status < 500 ? error.message : ERROR_CODES[error.code].title;
}

/** What a thrown value means for the task: permanent or transient, with a code safe to store. */
function toAppError(error: unknown, logger: Logger): AppError {
  if (isAppError(error)) return error;
  if (isConnectionError(error)) {
    return new AppError("database_unavailable", "The database was unreachable.", {
      cause: error,
      retryable: true,
    });
  }
  logger.error({ err: error }, "task handler threw an unexpected error");
  // Unknown errors retry: most are transient, and max_attempts bounds the rest.
  return new AppError("internal", "Unexpected error while running the task.", {
    cause: error,
    retryable: true,
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
