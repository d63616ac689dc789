/**
 * The worker: claims queued tasks and runs their handlers, up to `concurrency` at a time.
 *
 * - Claims in batches, as many as there are free slots (plus `prefetch` kept
 *   claimed in a local queue, so short tasks do not wait for the next claim),
 *   each claim one prepared statement in one round trip.
 * - A slot is free as soon as the handler returns: writing the outcome
 *   (completions are batched) overlaps with the next claim.
 * - Wakes on NOTIFY (enqueue) and polls every `pollIntervalMs` as the fallback.
 * - Renews the leases of its running tasks every `heartbeatIntervalMs` in one
 *   statement; a task missing from the answer was taken away, so its handler
 *   is aborted and its result discarded.
 * - Runs the sweeper every `sweepIntervalMs`, so tasks of dead workers come back.
 * - Survives lost database connections: every loop logs, backs off and goes on.
 * - `stop()`: stop claiming, let running tasks finish within `shutdownGraceMs`,
 *   then hand the rest back to the queue (fenced) and abort their handlers.
 *
 * @example
 * const worker = createWorker({ database, registry, logger, metrics: registry, concurrency: 4,
 *   leaseSeconds: 30, pollIntervalMs: 1_000, shutdownGraceMs: 25_000 });
 * await worker.start();
 * process.once("SIGTERM", () => void worker.stop());
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { Registry } from "prom-client";
import type { Database } from "../db/client.js";
import { AppError, isConnectionError } from "../errors.js";
import type { Logger } from "../observability/logger.js";
import { CompletionBatcher } from "./completion-batcher.js";
import { createTaskMetrics, type TaskMetrics, type TaskOutcome } from "./metrics.js";
import { CANCEL_CHANNEL, TASKS_CHANNEL } from "./notify-channels.js";
import type { HandlerRegistry } from "./registry.js";
import { createScheduler, type Schedule } from "./scheduler.js";
import { type ClaimedTask, claimTasks } from "./sql/claim-tasks.js";
import { scopedExec } from "./sql/exec.js";
import { heartbeatTasks } from "./sql/heartbeat-tasks.js";
import { releaseTasks } from "./sql/release-tasks.js";
import type { SweptTask } from "./sql/sweep-tasks.js";
import { sweepOnce } from "./sweeper.js";
import { TaskAttempt } from "./task-attempt.js";

export type WorkerOptions = {
  database: Database;
  registry: HandlerRegistry;
  logger: Logger;
  /** A prom-client registry to register the task metrics on (or metrics already built). */
  metrics?: Registry | TaskMetrics | undefined;
  concurrency: number;
  /**
   * Tasks claimed beyond `concurrency` and held in a local queue (default 0). Pays off for many
   * short tasks; they count against their time budget while they wait, and other workers cannot
   * take them, so keep it small for long ones.
   */
  prefetch?: number | undefined;
  /** Lease length; fractions allowed (tests use short leases). */
  leaseSeconds: number;
  pollIntervalMs: number;
  shutdownGraceMs: number;
  /** Default: a third of the lease. */
  heartbeatIntervalMs?: number | undefined;
  /** Default: half the lease; 0 turns the embedded sweeper off. */
  sweepIntervalMs?: number | undefined;
  /** Injected clock, passed into SQL (tests); default: the database server's clock. */
  clock?: (() => Date) | undefined;
  workerId?: string | undefined;
  /** Jitter source (tests). */
  random?: (() => number) | undefined;
  /** Recurring tasks this worker helps queue (once per interval across all workers). */
  schedules?: readonly Schedule[] | undefined;
};

export type WorkerEvents = {
  claimed: [ClaimedTask];
  settled: [{ task: ClaimedTask; outcome: TaskOutcome | "unknown" }];
  swept: [SweptTask[]];
  /** A loop hit an error it will recover from (database down, …). */
  trouble: [{ loop: string; error: unknown }];
};

export type Worker = {
  readonly id: string;
  /** Typed signals for tests and diagnostics. */
  readonly events: EventEmitter<WorkerEvents>;
  /** Tasks running now. */
  readonly running: number;
  start(): Promise<void>;
  /** Graceful stop; resolves when drained. Safe to call more than once. */
  stop(): Promise<void>;
  /** Resolves once `stop()` has finished. */
  readonly drained: Promise<void>;
  /** Renew leases now (also picks up cancel requests and timeouts). */
  heartbeat(): Promise<void>;
  /** Run the sweeper now. */
  sweep(): Promise<SweptTask[]>;
  /** Claim now instead of waiting for NOTIFY or the poll. */
  poke(): void;
};

const MAX_LOOP_BACKOFF_MS = 30_000;

/** Build a worker; nothing runs until `start()`. */
export function createWorker(options: WorkerOptions): Worker {
  if (!(options.concurrency >= 1)) throw new Error("concurrency must be at least 1");
  const { database, registry, clock } = options;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const logger = options.logger.child({ component: "worker", worker_id: id });
  const metrics = toMetrics(options);
  const events = new EventEmitter<WorkerEvents>();
  const heartbeatMs = options.heartbeatIntervalMs ?? Math.max(50, (options.leaseSeconds * 1000) / 3);
  const sweepMs = options.sweepIntervalMs ?? Math.max(100, (options.leaseSeconds * 1000) / 2);
  const budgets = registry.handlers.map((h) => ({ taskType: h.type, timeoutMs: h.timeoutMs }));
  const attempts = new Map<string, TaskAttempt>();
  /** Claimed, not started yet (prefetch). */
  const backlog: ClaimedTask[] = [];
  /** Handlers running now; a slot frees when its handler returns, before the outcome is written. */
  let busy = 0;
  const prefetch = Math.max(0, Math.floor(options.prefetch ?? 0));
  const random = options.random ?? Math.random;
  const exec = scopedExec(database);

  let started = false;
  let stopping = false;
  let wakeRequested = false;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let heartbeatInFlight: Promise<void> | undefined;
  const unsubscribes: (() => Promise<void>)[] = [];
  let resolveDrained: () => void = () => {};
  const drained = new Promise<void>((resolve) => {
    resolveDrained = resolve;
  });
  let stopPromise: Promise<void> | undefined;

  // Batch statements of one worker run one at a time: two of them locking the same task rows in
  // different orders could otherwise deadlock each other.
  let serialTail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = serialTail.then(fn, fn);
    serialTail = run.catch(() => {});
    return run;
  };

  const persist = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!isConnectionError(error) || attempt >= 5) throw error;
        logger.warn({ err: error, attempt }, "database connection lost during a task write; retrying");
        await delay(Math.min(5_000, 100 * 2 ** attempt));
      }
    }
  };

  const batcher = new CompletionBatcher({ database, clock, persist, serial, logger });
  const scheduler = createScheduler({
    database,
    registry,
    logger,
    clock,
    schedules: options.schedules ?? [],
  });

  /** Emit without letting a listener's exception escape into the worker's loops. */
  const signal = <K extends keyof WorkerEvents>(event: K, ...args: WorkerEvents[K]) => {
    try {
      (events as EventEmitter).emit(event, ...args);
    } catch (error) {
      logger.error({ err: error, event }, "a worker event listener threw");
    }
  };

  const poke = () => {
    wakeRequested = true;
    wake?.();
  };

  const waitForWork = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakeRequested || stopping) {
        wakeRequested = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        wakeRequested = false;
        resolve();
      }
      wake = done;
    });

  const startAttempt = (task: ClaimedTask) => {
    const handler = registry.require(task.taskType);
    busy++;
    const attempt = new TaskAttempt(task, handler, {
      database,
      logger,
      metrics,
      clock,
      random,
      workerId: id,
      persist,
      complete: (t, resultJson) => batcher.add({ id: t.id, leaseToken: t.leaseToken, resultJson }),
      onHandlerDone: () => {
        busy--;
        startFromBacklog();
        poke();
      },
    });
    attempts.set(task.id, attempt);
    signal("claimed", task);
    void attempt.run().then((outcome) => {
      attempts.delete(task.id);
      signal("settled", { task, outcome });
      poke();
    });
  };

  const startFromBacklog = () => {
    while (!stopping && busy < options.concurrency && backlog.length > 0) {
      startAttempt(backlog.shift() as ClaimedTask);
    }
  };

  const loop = async () => {
    let failures = 0;
    const capacity = options.concurrency + prefetch;
    // While claims come back full the queue has a backlog: wait until half the slots are free and
    // claim them together (fewer, larger claims). Once it is drained, claim for every free slot.
    let backlogged = false;
    while (!stopping) {
      const free = capacity - busy - backlog.length;
      const idle = busy === 0 && backlog.length === 0;
      if (free <= 0 || (backlogged && !idle && free < Math.ceil(capacity / 2))) {
        await waitForWork(options.pollIntervalMs);
        continue;
      }
      let claimed: ClaimedTask[];
      const t0 = performance.now();
      try {
        claimed = await claimTasks(exec, {
          workerId: id,
          limit: free,
          leaseSeconds: options.leaseSeconds,
          budgets,
          now: clock?.(),
        });
        failures = 0;
      } catch (error) {
        failures++;
        trouble("claim", error);
        await waitForWork(Math.min(MAX_LOOP_BACKOFF_MS, 100 * 2 ** failures));
        continue;
      }
      metrics?.observeClaim((performance.now() - t0) / 1000, claimed.length);
      backlogged = claimed.length === free;
      if (stopping) {
        backlog.push(...claimed);
        break;
      }
      backlog.push(...claimed);
      startFromBacklog();
      if (claimed.length < free) await waitForWork(options.pollIntervalMs);
    }
  };

  const trouble = (loop: string, error: unknown) => {
    const level = isConnectionError(error) ? "warn" : "error";
    logger[level]({ err: error, loop }, `worker ${loop} failed; will retry`);
    signal("trouble", { loop, error });
  };

  const heartbeat = async (): Promise<void> => {
    if (heartbeatInFlight) return heartbeatInFlight;
    heartbeatInFlight = (async () => {
      const live = [...attempts.values()].filter((a) => !a.lost && !a.released);
      const waiting = [...backlog];
      if (live.length === 0 && waiting.length === 0) return;
      try {
        const held = await serial(() =>
          heartbeatTasks(
            exec,
            [...live.map((a) => a.lease), ...waiting.map((t) => ({ id: t.id, leaseToken: t.leaseToken }))],
            { leaseSeconds: options.leaseSeconds, now: clock?.() },
          ),
        );
        const byId = new Map(held.map((h) => [h.id, h]));
        // A prefetched task taken away (swept, canceled) before it started is simply dropped.
        for (const task of waiting) {
          const i = backlog.indexOf(task);
          if (!byId.has(task.id) && i >= 0) backlog.splice(i, 1);
        }
        for (const attempt of live) {
          const state = byId.get(attempt.task.id);
          // A settling attempt has finished; its own fenced write decides what happened.
          if (!state) {
            if (!attempt.settling) attempt.markLost("heartbeat found another owner");
            continue;
          }
          if (state.cancelRequested && !attempt.cancelRequested) attempt.markCancelRequested();
          if (state.timedOut && !attempt.timedOut) attempt.markTimedOut();
        }
      } catch (error) {
        trouble("heartbeat", error);
      }
    })().finally(() => {
      heartbeatInFlight = undefined;
    });
    return heartbeatInFlight;
  };

  const sweep = async (): Promise<SweptTask[]> => {
    const swept = await sweepOnce({ database, registry, logger, metrics, clock });
    if (swept.length > 0) signal("swept", swept);
    return swept;
  };

  const subscribe = async () => {
    try {
      unsubscribes.push(await database.listen(TASKS_CHANNEL, () => poke()));
      unsubscribes.push(
        await database.listen(CANCEL_CHANNEL, (taskId) => {
          if (attempts.has(taskId)) void heartbeat();
        }),
      );
    } catch (error) {
      // Polling still finds the work; LISTEN is only the fast path.
      trouble("listen", error);
    }
  };

  return {
    id,
    events,
    get running() {
      return attempts.size;
    },
    drained,
    heartbeat,
    sweep,
    poke,
    async start() {
      if (started) return;
      started = true;
      await subscribe();
      heartbeatTimer = setInterval(() => void heartbeat(), heartbeatMs);
      if (sweepMs > 0) {
        sweepTimer = setInterval(() => void sweep().catch((error) => trouble("sweep", error)), sweepMs);
      }
      scheduler.start();
      logger.info({ concurrency: options.concurrency, task_types: registry.types }, "worker started");
      loopDone = loop();
    },
    stop() {
      stopPromise ??= (async () => {
        stopping = true;
        scheduler.stop();
        poke();
        if (sweepTimer) clearInterval(sweepTimer);
        await Promise.all(unsubscribes.splice(0).map((u) => u().catch(() => {})));
        await loopDone;
        // Prefetched tasks that never started go back at once, their attempt given back.
        const unstarted = backlog.splice(0);
        if (unstarted.length > 0) {
          try {
            await serial(() =>
              persist(() =>
                releaseTasks(
                  exec,
                  unstarted.map((t) => ({ id: t.id, leaseToken: t.leaseToken })),
                  { now: clock?.() },
                ),
              ),
            );
          } catch (error) {
            trouble("release", error);
          }
        }

        const inFlight = [...attempts.values()];
        if (inFlight.length > 0) {
          logger.info(
            { running: inFlight.length, grace_ms: options.shutdownGraceMs },
            "worker stopping; waiting for running tasks",
          );
          await waitUntilSettledOr(events, attempts, options.shutdownGraceMs);
        }
        const remaining = [...attempts.values()].filter((a) => !a.settling && !a.lost);
        if (remaining.length > 0) {
          for (const a of remaining) a.released = true;
          try {
            const released = await serial(() =>
              persist(() =>
                releaseTasks(
                  exec,
                  remaining.map((a) => a.lease),
                  { now: clock?.() },
                ),
              ),
            );
            for (const a of remaining)
              if (released.has(a.task.id)) metrics?.countRetry(a.task.taskType, "shutdown");
            logger.warn(
              { released: released.size },
              "grace period over; running tasks handed back to the queue",
            );
          } catch (error) {
            trouble("release", error);
          }
          for (const a of remaining) {
            a.abort(
              new AppError("worker_shutting_down", "The worker is shutting down; the task was handed back."),
            );
          }
        }
        // Attempts writing their outcome finish that write (they are quick) before we report drained.
        await waitUntilSettledOr(events, attempts, 10_000, (a) => a.settling);
        if (heartbeatTimer) clearInterval(heartbeatTimer);
        await batcher.idle();
        logger.info("worker stopped");
        resolveDrained();
      })();
      return stopPromise;
    },
  };
}

function toMetrics(options: WorkerOptions): TaskMetrics | undefined {
  const m = options.metrics;
  if (!m) return undefined;
  if ("observeClaim" in m) return m;
  return createTaskMetrics(m, {
    database: options.database,
    logger: options.logger,
    taskTypes: options.registry.types,
  });
}

/** Resolve when no attempt matching `which` is left, or after `ms`. */
function waitUntilSettledOr(
  events: EventEmitter<WorkerEvents>,
  attempts: Map<string, TaskAttempt>,
  ms: number,
  which: (a: TaskAttempt) => boolean = () => true,
): Promise<void> {
  const pending = () => [...attempts.values()].some(which);
  if (!pending()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off("settled", check);
      resolve();
    };
    const check = () => {
      if (!pending()) done();
    };
    const timer = setTimeout(done, ms);
    events.on("settled", check);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
