/**
 * Gathers the completions of one worker and writes them in one fenced statement.
 *
 * Handlers that finish while a batch is being written wait for the next one,
 * so under load each round trip completes many tasks, and with one task in
 * flight it costs nothing extra (the flush starts on the next turn of the
 * event loop).
 */
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import { type Completion, completeTasks } from "./sql/complete-tasks.js";

type Pending = { completion: Completion; resolve: (completed: boolean | undefined) => void };

export class CompletionBatcher {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly options: {
      database: Database;
      clock: (() => Date) | undefined;
      persist: <T>(fn: () => Promise<T>) => Promise<T>;
      serial: <T>(fn: () => Promise<T>) => Promise<T>;
      logger: Logger;
      maxBatch?: number;
    },
  ) {}

  /** Completes the task if its lease still holds: true done, false lease lost, undefined unknown. */
  add(completion: Completion): Promise<boolean | undefined> {
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
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, max);
        try {
          const done = await this.options.serial(() =>
            this.options.persist(() =>
              withSystem(this.options.database, (tx) =>
                completeTasks(
                  tx,
                  batch.map((p) => p.completion),
                  { now: this.options.clock?.() },
                ),
              ),
            ),
          );
          for (const p of batch) p.resolve(done.has(p.completion.id));
        } catch (error) {
          this.options.logger.error({ err: error, tasks: batch.length }, "could not write task completions");
          for (const p of batch) p.resolve(undefined);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
