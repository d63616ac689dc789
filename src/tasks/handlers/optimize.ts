/**
 * The `optimize` task: confirmed sections (+ optional job description) →
 * proposed changes, stored in the task result. Nothing on the job changes
 * until the user applies accepted proposals.
 */
import { z } from "zod";
import { findOwnedById } from "../../db/owner-read.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { jobs } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { resumeSchema } from "../../resume/model.js";
import { optimizeResume } from "../../resume/optimize/index.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const optimizeInput = z.object({
  job_id: z.uuid(),
  job_description: z.string().max(50_000).optional(),
});
export type OptimizeInput = z.infer<typeof optimizeInput>;

export function createOptimizeHandler(deps: HandlerDeps) {
  const { optimize } = deps.config;
  return defineHandler({
    type: "optimize",
    input: optimizeInput,
    timeoutMs: optimize.engine === "llm" ? optimize.llm.timeoutMs * 2 + 10_000 : 30_000,
    retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 },
    async run(input: OptimizeInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      await ctx.reportProgress("loading sections", 5);
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job) throw new AppError("not_found", "the job no longer exists", { retryable: false });
      if (!job.sections)
        throw new AppError("job_not_parsed", "the job has no sections", { retryable: false });
      const resume = resumeSchema.parse(job.sections);

      await ctx.reportProgress(optimize.engine === "llm" ? "asking the language model" : "analyzing", 20);
      const result = await optimizeResume(resume, {
        engine: optimize.engine,
        llm: optimize.llm,
        signal: ctx.signal,
        ...(input.job_description ? { jobDescription: input.job_description } : {}),
      });

      await ctx.reportProgress("saving proposals", 95);
      await ctx.fencedTransaction(async (tx) => {
        await new JobEventRepository(tx).append({
          job_id: input.job_id,
          owner_user_id: owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "optimize",
          payload: {
            engine: result.engine,
            proposals: result.proposals.length,
            keyword_score: result.keyword_coverage?.score ?? null,
          },
        });
      });
      return {
        engine: result.engine,
        keyword_coverage: result.keyword_coverage,
        keywords: result.keywords,
        proposals: result.proposals,
      };
    },
  });
}
