/**
 * Recurring tasks queued by the workers themselves, once per interval across all of them.
 *
 * Every worker ticks; each tick enqueues the task of the current interval
 * under the idempotency key `<task type>:<interval start>`, so however many
 * workers tick, the interval gets exactly one task (the unique key decides,
 * in the database), and a worker that was down does not stop the schedule
 * while another one runs. The task runs at the interval's start like any
 * other: claimed, leased, retried, audited.
 *
 * @example createScheduler({ database, registry, logger, schedules: [{ taskType: "retention",
 *   owner: "system:retention", everyMs: 3_600_000, input: { dry_run: false } }] }).start();
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client.js";
import type { Logger } from "../observability/logger.js";
import { enqueueTaskNow } from "./enqueue.js";
import type { HandlerRegistry } from "./registry.js";

export type Schedule = {
  taskType: string;
  /** The owner recorded on the tasks (a system owner such as `system:retention`). */
  owner: string;
  everyMs: number;
  input: Record<string, unknown>;
};

export type Scheduler = {
  /** Queue the current interval's tasks now (also what the timer does). */
  tick(): Promise<void>;
  start(): void;
  stop(): void;
};

/** The idempotency key of the interval `now` falls in. */
export function intervalKey(
  schedule: Pick<Schedule, "taskType" | "everyMs">,
  now: Date,
): { key: string; start: Date } {
  const start = new Date(Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs);
  return { key: `${schedule.taskType}:${start.toISOString()}`, start };
}

export function createScheduler(options: {
  database: Database;
  registry: HandlerRegistry;
  logger: Logger;
  schedules: readonly Schedule[];
  clock?: (() => Date) | undefined;
  /** How often to tick; default a minute (or the shortest interval, if shorter). */
  tickMs?: number;
}): Scheduler {
  const schedules = options.schedules.filter((s) => s.everyMs > 0);
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const now = options.clock?.() ?? new Date();
    for (const schedule of schedules) {
      const { key, start } = intervalKey(schedule, now);
      try {
        const { created } = await enqueueTaskNow(options.database, options.registry, {
          job_id: null,
          owner_user_id: schedule.owner,
          idempotency_key: key,
          task_type: schedule.taskType,
          input_payload: schedule.input,
          trace_id: randomUUID(),
          run_at: start,
        });
        if (created) options.logger.info({ task_type: schedule.taskType, key }, "scheduled task queued");
      } catch (error) {
        options.logger.warn({ err: error, task_type: schedule.taskType }, "could not queue a scheduled task");
      }
    }
  };
  return {
    tick,
    start() {
      if (timer || schedules.length === 0) return;
      const every = options.tickMs ?? Math.min(60_000, ...schedules.map((s) => s.everyMs));
      void tick();
      timer = setInterval(() => void tick(), every);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
