/**
 * The sweeper: ends running attempts whose worker died (lease expired) or that ran past their
 * time budget, so a SIGKILLed worker needs nothing but a restart and no task is silently lost.
 *
 * Every worker runs one on an interval; sweeps from several processes are
 * safe together (each row is locked with SKIP LOCKED and re-checked).
 */
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import type { TaskMetrics } from "./metrics.js";
import type { HandlerRegistry } from "./registry.js";
import { txExec } from "./sql/exec.js";
import { type SweptTask, sweepTasks } from "./sql/sweep-tasks.js";

export type SweeperOptions = {
  database: Database;
  registry: HandlerRegistry;
  logger: Logger;
  metrics?: TaskMetrics | undefined;
  clock?: (() => Date) | undefined;
  /** Rows per statement; a sweep repeats until a statement finds fewer. */
  batchSize?: number;
};

/** Sweep until nothing expired is left; returns every task it moved. */
export async function sweepOnce(options: SweeperOptions): Promise<SweptTask[]> {
  const batchSize = options.batchSize ?? 500;
  const policies = options.registry.handlers.map((h) => ({
    taskType: h.type,
    baseDelayMs: h.retry.baseDelayMs,
    maxDelayMs: h.retry.maxDelayMs,
  }));
  const all: SweptTask[] = [];
  for (;;) {
    const now = options.clock?.();
    // One transaction: the tasks that end here for good run their handler's `settle` hook with it.
    const swept = await withSystem(options.database, async (tx) => {
      const rows = await sweepTasks(txExec(tx), { limit: batchSize, policies, now });
      for (const row of rows) {
        if (row.status === "queued") continue;
        const settle = options.registry.get(row.taskType)?.settle;
        await settle?.(tx, row, { status: row.status, code: row.errorCode });
      }
      return rows.map(({ id, taskType, status, reason }) => ({ id, taskType, status, reason }));
    });
    for (const task of swept) {
      if (task.status === "queued") options.metrics?.countRetry(task.taskType, task.reason);
      options.logger.warn(
        { task_id: task.id, task_type: task.taskType, reason: task.reason, status: task.status },
        task.reason === "timeout"
          ? "task attempt exceeded its time budget"
          : "task lease expired; worker presumed dead",
      );
    }
    all.push(...swept);
    if (swept.length < batchSize) return all;
  }
}
