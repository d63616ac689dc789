/**
 * The `optimize` task: confirmed sections (+ optional job posting) →
 * analysis, fit report, proposals and questions. Nothing on the job changes
 * until the user applies accepted proposals.
 *
 * With a posting, the work is kept in a `tailorings` row (created here, or
 * the one named by `tailoring_id` when re-run with the user's answers):
 * decided proposals keep their decision, new ones arrive pending. With the
 * LLM engine, the owner's daily token budget is reserved before the request
 * and settled with the server's count after it; the prompt and raw answer
 * are kept on the tailoring until `LLM_AUDIT_RETENTION_HOURS` have passed.
 */
import { z } from "zod";
import { findOwnedById } from "../../db/owner-read.js";
import { withOwner, withSystem } from "../../db/owner-scope.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { LlmUsageRepository, usageDay } from "../../db/repositories/llm-usage-repository.js";
import { TailoringRepository } from "../../db/repositories/tailoring-repository.js";
import { jobs, type TailoringRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { createLlmProvider } from "../../llm/create-provider.js";
import { resumeSchema } from "../../resume/model.js";
import { type Answer, type LlmRunOptions, optimizeResume } from "../../resume/optimize/index.js";
import { mergeProposals, type StoredProposal } from "../../resume/optimize/stored-proposals.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const optimizeInput = z.object({
  job_id: z.uuid(),
  job_description: z.string().max(50_000).optional(),
  /** Re-run a kept tailoring (its posting and the user's answers). */
  tailoring_id: z.uuid().optional(),
});
export type OptimizeInput = z.infer<typeof optimizeInput>;

export function createOptimizeHandler(deps: HandlerDeps) {
  const { optimize } = deps.config;
  return defineHandler({
    type: "optimize",
    input: optimizeInput,
    timeoutMs: optimize.engine === "llm" ? optimize.llm.timeoutMs * 2 + 30_000 : 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 },
    async run(input: OptimizeInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      await ctx.reportProgress("loading sections", 5);
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job) throw new AppError("not_found", "The job no longer exists.", { retryable: false });
      if (!job.sections)
        throw new AppError("job_not_parsed", "The job has no sections.", { retryable: false });
      const resume = resumeSchema.parse(job.sections);

      let tailoring: TailoringRow | null = null;
      if (input.tailoring_id) {
        tailoring = await withOwner(deps.database, owner, (tx) =>
          new TailoringRepository(tx).findById(input.tailoring_id!, owner),
        );
        if (!tailoring || tailoring.jobId !== input.job_id)
          throw new AppError("not_found", "the tailoring no longer exists", { retryable: false });
      }
      const posting = tailoring?.posting ?? input.job_description;
      const answers = (tailoring?.answers ?? []) as Answer[];

      let llm: LlmRunOptions | undefined;
      const day = usageDay(new Date());
      let reserved = 0;
      if (optimize.engine === "llm") {
        const provider = await createLlmProvider(
          optimize.llm,
          deps.llmFetch ? { fetchImpl: deps.llmFetch } : {},
        );
        llm = {
          provider,
          maxTokensPerRequest: optimize.llm.maxTokensPerRequest,
          reserveTokens: async (estimate) => {
            const budget = optimize.llm.dailyTokenBudget;
            if (!budget) return;
            const ok = await withOwner(deps.database, owner, (tx) =>
              new LlmUsageRepository(tx).reserve(owner, day, estimate, budget),
            );
            if (!ok)
              throw new AppError(
                "llm_budget_exceeded",
                "Today's language-model budget is used up; try tomorrow.",
                {
                  retryable: false,
                  details: { budget },
                },
              );
            reserved = estimate;
          },
        };
      }

      await ctx.reportProgress(optimize.engine === "llm" ? "asking the language model" : "analyzing", 20);
      const result = await optimizeResume(resume, {
        engine: optimize.engine,
        llm,
        answers,
        spellers: deps.spellers,
        signal: ctx.signal,
        ...(posting ? { jobDescription: posting } : {}),
      });
      if (reserved && result.audit) {
        const used = result.audit.usage.inputTokens + result.audit.usage.outputTokens;
        await withOwner(deps.database, owner, (tx) =>
          new LlmUsageRepository(tx).settle(owner, day, used - reserved),
        );
      }

      await ctx.reportProgress("saving proposals", 95);
      const auditExpiresAt = result.audit
        ? new Date(Date.now() + optimize.llm.auditRetentionHours * 3_600_000)
        : null;
      const tailoringId = await ctx.fencedTransaction(async (tx) => {
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
            fit_score: result.fit?.score ?? null,
            tokens: result.audit ? result.audit.usage.inputTokens + result.audit.usage.outputTokens : 0,
          },
        });
        if (!posting) return null;
        const repo = new TailoringRepository(tx);
        const row =
          tailoring ??
          (await repo.create({ job_id: input.job_id, owner_user_id: owner, posting, engine: result.engine }));
        const updated = await repo.update(row.id, owner, {
          engine: result.engine,
          taskId: ctx.task.id,
          analysis: result.analysis as Record<string, unknown> | null,
          fit: result.fit as Record<string, unknown> | null,
          proposals: mergeProposals((tailoring?.proposals ?? []) as StoredProposal[], result.proposals),
          questions: result.questions,
          ...(result.audit ? { audit: { ...result.audit, task_id: ctx.task.id }, auditExpiresAt } : {}),
        });
        return updated.id;
      });
      // Audit records past their retention go now (bounded batch); retention runs are the other sweeper.
      await withSystem(deps.database, (tx) =>
        new TailoringRepository(tx).clearExpiredAudits(new Date()),
      ).catch((error: unknown) =>
        deps.logger.warn({ err: error }, "clearing expired LLM audit records failed"),
      );
      return {
        engine: result.engine,
        keyword_coverage: result.keyword_coverage,
        keywords: result.keywords,
        proposals: result.proposals,
        rejected: result.rejected,
        analysis: result.analysis,
        fit: result.fit,
        questions: result.questions,
        language: result.language,
        tailoring_id: tailoringId,
      };
    },
  });
}
