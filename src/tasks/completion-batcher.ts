/**
 * Gathers the completions of one worker and writes them in one fenced statement.
 *
 * Handlers that finish while a batch is being written wait for the next one,
 * so under load each round trip completes many tasks, and with one task in
 * flight it costs nothing extra (the flush starts on the next turn of the
 * event loop).
 *
 * One task's bad result must not fail its neighbours (other owners' tasks
 * among them): results are checked before they join a batch
 * (`serializeResult`), and should the database still refuse a batch for its
 * data, the batch is split in halves and retried until the refused
 * completion stands alone; that one is answered with `task_result_invalid`.
 */
import type { Database } from "../db/client.js";
import { pgErrorInfo } from "../db/repositories/database-errors.js";
import { AppError, isConnectionError } from "../errors.js";
import type { Logger } from "../observability/logger.js";
import { type Completion, completeTasks } from "./sql/complete-tasks.js";
import { scopedExec } from "./sql/exec.js";

/** true: completed; false: the lease was lost; undefined: unknown (database down); AppError: refused. */
export type CompletionOutcome = boolean | undefined | AppError;

type Pending = { completion: Completion; resolve: (outcome: CompletionOutcome) => void };

export class CompletionBatcher {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly exec;

  constructor(
    private readonly options: {
      database: Database;
      clock: (() => Date) | undefined;
      persist: <T>(fn: () => Promise<T>) => Promise<T>;
      serial: <T>(fn: () => Promise<T>) => Promise<T>;
      logger: Logger;
      maxBatch?: number;
    },
  ) {
    this.exec = scopedExec(options.database);
  }

  /** Completes the task if its lease still holds. */
  add(completion: Completion): Promise<CompletionOutcome> {
    return new Promise((resolve) => {
      this.pending.push({ completion, resolve });
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  /** Resolves when nothing is pending. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    const max = this.options.maxBatch ?? 500;
    try {
      while (this.pending.length > 0) await this.write(this.pending.splice(0, max));
    } finally {
      this.flushing = undefined;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const done = await this.options.serial(() =>
        this.options.persist(() =>
          completeTasks(
            this.exec,
            batch.map((p) => p.completion),
            { now: this.options.clock?.() },
          ),
        ),
      );
      for (const p of batch) p.resolve(done.has(p.completion.id));
    } catch (error) {
      if (!refusedForItsData(error)) {
        this.options.logger.error({ err: error, tasks: batch.length }, "could not write task completions");
        for (const p of batch) p.resolve(undefined);
        return;
      }
      if (batch.length === 1) {
        this.options.logger.warn(
          { err: error, task_id: batch[0]?.completion.id },
          "task result refused by the database",
        );
        batch[0]?.resolve(
          new AppError("task_result_invalid", "the task produced a result that cannot be stored"),
        );
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.write(batch.slice(0, half));
      await this.write(batch.slice(half));
    }
  }
}

/** Data exceptions (SQLSTATE class 22) and program limits (54): the values, not the database, are at fault. */
function refusedForItsData(error: unknown): boolean {
  if (isConnectionError(error)) return false;
  const code = pgErrorInfo(error)?.code;
  return code !== undefined && (code.startsWith("22") || code.startsWith("54"));
}
