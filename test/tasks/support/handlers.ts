/**
 * Handlers used by the task engine tests, in process and in child workers.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../../src/errors.js";
import { defineHandler } from "../../../src/tasks/types.js";

/**
 * Records the run, works for `work_ms` (giving up on abort), then writes its
 * effect exactly once under the fence: a retry finds the effect its crashed
 * predecessor committed and does not add another.
 */
export const effectHandler = defineHandler({
  type: "test.effect",
  input: z.object({ work_ms: z.number().int().min(0).default(0) }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 100, baseDelayMs: 0, maxDelayMs: 0 },
  async run(input, ctx) {
    await ctx.fencedTransaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO task_runs (task_id, worker_id, attempt) VALUES (${ctx.task.id}, ${ctx.workerId}, ${ctx.task.attempt})`,
      );
    });
    if (input.work_ms > 0) await abortableDelay(input.work_ms, ctx.signal);
    const written = await ctx.fencedTransaction(async (tx) => {
      const existing = await tx.execute(sql`SELECT 1 FROM task_effects WHERE task_id = ${ctx.task.id}`);
      if (existing.rows.length > 0) return false;
      await tx.execute(
        sql`INSERT INTO task_effects (task_id, worker_id, attempt) VALUES (${ctx.task.id}, ${ctx.workerId}, ${ctx.task.attempt})`,
      );
      return true;
    });
    return { effect: written ? "written" : "found", attempt: ctx.task.attempt };
  },
});

/** Fails permanently when `permanent`, else transiently until attempt `succeed_on`. */
export const flakyHandler = defineHandler({
  type: "test.flaky",
  input: z.object({ succeed_on: z.number().int().min(1).default(1), permanent: z.boolean().default(false) }),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  async run(input, ctx) {
    if (input.permanent) throw new AppError("pdf_corrupt", "this PDF cannot be read");
    if (ctx.task.attempt < input.succeed_on) {
      throw new AppError("storage_unavailable", `transient failure on attempt ${ctx.task.attempt}`);
    }
    return { attempt: ctx.task.attempt };
  },
});

/** Resolves immediately: the throughput benchmark's no-op. */
export const noopHandler = defineHandler({
  type: "test.noop",
  input: z.object({}).passthrough(),
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
  async run() {
    return {};
  },
});

/** Real work that takes time (the workload, not a test wait); ends early on abort. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
