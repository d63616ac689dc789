/**
 * Task engine metrics, registered on the prom-client `Registry` the composition root passes in.
 *
 * - `resume_agent_tasks{task_type,status}`: queue depth (queued, running), read from the
 *   database at scrape time through the partial indexes, so every replica reports the same truth.
 * - `resume_agent_task_claim_duration_seconds`: one claim statement, round trip included.
 * - `resume_agent_task_duration_seconds{task_type,outcome}`: claim to end of the attempt.
 * - `resume_agent_task_retries_total{task_type,reason}`, `resume_agent_task_lease_losses_total{task_type}`.
 * Several workers in one process share the same metric objects (get-or-create by name).
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import { countActiveTasks } from "./sql/count-active-tasks.js";

export type TaskOutcome = "completed" | "failed" | "retried" | "canceled" | "lease_lost" | "released";

export type TaskMetrics = {
  observeClaim(seconds: number, claimed: number): void;
  observeAttempt(taskType: string, outcome: TaskOutcome, seconds: number): void;
  countRetry(taskType: string, reason: string): void;
  countLeaseLoss(taskType: string): void;
};

const CLAIM_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Register (or reuse) the task metrics on `registry`; the depth gauge queries `database` when scraped. */
export function createTaskMetrics(
  registry: Registry,
  options: { database: Database; logger: Logger; taskTypes?: readonly string[] },
): TaskMetrics {
  getOrCreate(
    registry,
    "resume_agent_tasks",
    () =>
      new Gauge({
        name: "resume_agent_tasks",
        help: "Tasks waiting (queued) and in progress (running), by task type",
        labelNames: ["task_type", "status"] as const,
        registers: [registry],
        async collect() {
          // Known types report 0 rather than vanishing when their queue empties.
          this.reset();
          for (const type of options.taskTypes ?? []) {
            this.set({ task_type: type, status: "queued" }, 0);
            this.set({ task_type: type, status: "running" }, 0);
          }
          try {
            const counts = await withSystem(options.database, (tx) => countActiveTasks(tx));
            for (const c of counts) this.set({ task_type: c.taskType, status: c.status }, c.count);
          } catch (error) {
            options.logger.warn({ err: error }, "task depth metric: database query failed");
          }
        },
      }),
  );
  const claim = getOrCreate(
    registry,
    "resume_agent_task_claim_duration_seconds",
    () =>
      new Histogram({
        name: "resume_agent_task_claim_duration_seconds",
        help: "Duration of one claim statement (transaction included), in seconds",
        buckets: CLAIM_BUCKETS,
        registers: [registry],
      }),
  );
  const claimed = getOrCreate(
    registry,
    "resume_agent_tasks_claimed_total",
    () =>
      new Counter({
        name: "resume_agent_tasks_claimed_total",
        help: "Task attempts started",
        registers: [registry],
      }),
  );
  const duration = getOrCreate(
    registry,
    "resume_agent_task_duration_seconds",
    () =>
      new Histogram({
        name: "resume_agent_task_duration_seconds",
        help: "Duration of one task attempt from claim to its end, by task type and outcome",
        labelNames: ["task_type", "outcome"] as const,
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
  );
  const retries = getOrCreate(
    registry,
    "resume_agent_task_retries_total",
    () =>
      new Counter({
        name: "resume_agent_task_retries_total",
        help: "Task attempts that ended and were queued again, by task type and reason",
        labelNames: ["task_type", "reason"] as const,
        registers: [registry],
      }),
  );
  const leaseLosses = getOrCreate(
    registry,
    "resume_agent_task_lease_losses_total",
    () =>
      new Counter({
        name: "resume_agent_task_lease_losses_total",
        help: "Running tasks this process lost its lease on (its result was discarded), by task type",
        labelNames: ["task_type"] as const,
        registers: [registry],
      }),
  );
  return {
    observeClaim(seconds, count) {
      claim.observe(seconds);
      if (count > 0) claimed.inc(count);
    },
    observeAttempt(taskType, outcome, seconds) {
      duration.observe({ task_type: taskType, outcome }, seconds);
    },
    countRetry(taskType, reason) {
      retries.inc({ task_type: taskType, reason });
    },
    countLeaseLoss(taskType) {
      leaseLosses.inc({ task_type: taskType });
    },
  };
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
