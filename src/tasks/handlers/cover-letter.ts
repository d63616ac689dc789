/**
 * The `cover_letter` task: a kept tailoring (analysis, fit report, answers)
 * and the job's sections → a cover letter drafted by the configured language
 * model, every paragraph guarded against the CV and the user's answers, kept
 * on the tailoring for the user to edit.
 *
 * Only queued when the LLM engine is configured; without one the API drafts
 * the template letter at once. The owner's daily token budget is reserved
 * before the request and settled after it, as for `optimize`; the prompt and
 * the raw answer are kept on the tailoring's audit record (beside the
 * optimize run's) until `LLM_AUDIT_RETENTION_HOURS` have passed.
 */
import { z } from "zod";
import { findOwnedById } from "../../db/owner-read.js";
import { withOwner } from "../../db/owner-scope.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { LlmUsageRepository, usageDay } from "../../db/repositories/llm-usage-repository.js";
import { TailoringRepository } from "../../db/repositories/tailoring-repository.js";
import { jobs } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { createLlmProvider } from "../../llm/create-provider.js";
import { llmCoverLetter } from "../../resume/cover-letter/draft-cover-letter.js";
import type { JobAnalysis } from "../../resume/job/analysis.js";
import type { FitReport } from "../../resume/job/fit-report.js";
import { detectLanguage } from "../../resume/job/posting-vocabulary.js";
import { resumeSchema } from "../../resume/model.js";
import { guardLanguage } from "../../resume/optimize/fact-guard.js";
import type { Answer } from "../../resume/optimize/index.js";
import { allResumeText } from "../../resume/optimize/resume-text.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const coverLetterInput = z.object({
  job_id: z.uuid(),
  tailoring_id: z.uuid(),
});
export type CoverLetterInput = z.infer<typeof coverLetterInput>;

export function createCoverLetterHandler(deps: HandlerDeps) {
  const { optimize } = deps.config;
  return defineHandler({
    type: "cover_letter",
    input: coverLetterInput,
    timeoutMs: optimize.llm.timeoutMs * 2 + 30_000,
    retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 },
    async run(input: CoverLetterInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      if (optimize.engine !== "llm")
        throw new AppError("conflict", "No language model is configured.", { retryable: false });
      await ctx.reportProgress("loading the tailoring", 5);
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job) throw new AppError("not_found", "The job no longer exists.", { retryable: false });
      if (!job.sections)
        throw new AppError("job_not_parsed", "The job has no sections.", { retryable: false });
      const tailoring = await withOwner(deps.database, owner, (tx) =>
        new TailoringRepository(tx).findById(input.tailoring_id, owner),
      );
      if (!tailoring || tailoring.jobId !== input.job_id)
        throw new AppError("not_found", "The tailoring no longer exists.", { retryable: false });
      if (!tailoring.analysis || !tailoring.fit)
        throw new AppError("conflict", "The tailoring has no analysis yet.", { retryable: false });

      const resume = resumeSchema.parse(job.sections);
      const resumeText = allResumeText(resume);
      const provider = await createLlmProvider(
        optimize.llm,
        deps.llmFetch ? { fetchImpl: deps.llmFetch } : {},
      );
      const day = usageDay(new Date());
      let reserved = 0;
      await ctx.reportProgress("asking the language model", 20);
      const drafted = await llmCoverLetter(
        resume,
        tailoring.analysis as JobAnalysis,
        tailoring.fit as FitReport,
        {
          provider,
          language: detectLanguage(resumeText),
          answers: (tailoring.answers as Answer[]).map((a) => a.answer),
          ...(deps.spellers ? { guardLanguage: await guardLanguage(resumeText, deps.spellers) } : {}),
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
                { retryable: false, details: { budget } },
              );
            reserved = estimate;
          },
          signal: ctx.signal,
        },
      );
      const used = drafted.audit.usage.inputTokens + drafted.audit.usage.outputTokens;
      if (reserved)
        await withOwner(deps.database, owner, (tx) =>
          new LlmUsageRepository(tx).settle(owner, day, used - reserved),
        );

      await ctx.reportProgress("saving the letter", 95);
      const auditExpiresAt = new Date(ctx.now().getTime() + optimize.llm.auditRetentionHours * 3_600_000);
      await ctx.fencedTransaction(async (tx) => {
        const repo = new TailoringRepository(tx);
        const current = await repo.findById(input.tailoring_id, owner);
        if (!current)
          throw new AppError("not_found", "The tailoring no longer exists.", { retryable: false });
        await repo.update(input.tailoring_id, owner, {
          coverLetter: drafted.letter,
          audit: {
            ...(current.audit ?? {}),
            cover_letter: { ...drafted.audit, task_id: ctx.task.id, rejected: drafted.rejected },
          },
          auditExpiresAt,
        });
        await new JobEventRepository(tx).append({
          job_id: input.job_id,
          owner_user_id: owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "tailoring.cover_letter_drafted",
          payload: {
            tailoring_id: input.tailoring_id,
            engine: "llm",
            paragraphs: drafted.letter.paragraphs.length,
            rejected: drafted.rejected.length,
            tokens: used,
          },
        });
      });
      return {
        tailoring_id: input.tailoring_id,
        cover_letter: drafted.letter,
        rejected: drafted.rejected,
      };
    },
  });
}
