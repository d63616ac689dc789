/**
 * The `translate` task: fills in the fields of a translation that need it.
 *
 * Which fields: those the translation lacks (`new`) and, with a language model, also those whose
 * source changed since they were translated and those still holding a copied source. Without a
 * model the missing fields are copied and marked "needs translation"; labels and dates are
 * localised when the translation is composed. With one, the answers pass the guards of
 * `src/resume/translate/translate.ts`, and the owner's daily token budget is reserved before each
 * request and settled after it.
 *
 * Idempotent: a run works out what is still to do from the stored translation, so a retry after a
 * committed run finds nothing left and changes nothing. The write is one fenced transaction that
 * re-reads the translation, and a field the user edited meanwhile keeps the user's text.
 */
import { z } from "zod";
import { findOwnedById } from "../../db/owner-read.js";
import { withOwner } from "../../db/owner-scope.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { LlmUsageRepository, usageDay } from "../../db/repositories/llm-usage-repository.js";
import { TranslationRepository } from "../../db/repositories/translation-repository.js";
import { jobs } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { createLlmProvider } from "../../llm/create-provider.js";
import { resumeSchema } from "../../resume/model.js";
import { applyCheckedUpdates, type FieldUpdate } from "../../resume/translate/compose.js";
import {
  type FieldRecords,
  staleFields,
  textSha256,
  translatableFields,
} from "../../resume/translate/fields.js";
import { copyFields, translateFields } from "../../resume/translate/translate.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const translateInput = z.object({
  job_id: z.uuid(),
  translation_id: z.uuid(),
});
export type TranslateInput = z.infer<typeof translateInput>;

export function createTranslateHandler(deps: HandlerDeps) {
  const { optimize } = deps.config;
  const useModel = optimize.engine === "llm";
  return defineHandler({
    type: "translate",
    input: translateInput,
    timeoutMs: useModel ? optimize.llm.timeoutMs * 4 + 30_000 : 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 },
    async run(input: TranslateInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      await ctx.reportProgress("loading sections", 5);
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job) throw new AppError("not_found", "The job no longer exists.", { retryable: false });
      if (!job.sections)
        throw new AppError("job_not_parsed", "The job has no sections.", { retryable: false });
      const primary = resumeSchema.parse(job.sections);
      const row = await withOwner(deps.database, owner, (tx) =>
        new TranslationRepository(tx).findById(input.translation_id, owner),
      );
      if (!row || row.jobId !== input.job_id)
        throw new AppError("not_found", "The translation no longer exists.", { retryable: false });
      const from = primary.meta.language ?? "en";
      const previous = row.sections ? resumeSchema.parse(row.sections) : null;
      const stale = staleFields(primary, previous, row.fields as FieldRecords);
      const todo = new Set(stale.filter((s) => useModel || s.reason === "new").map((s) => s.key));
      const fields = translatableFields(primary).filter((f) => todo.has(f.key));

      let updates: Map<string, FieldUpdate>;
      let refused: { key: string; reason: string }[] = [];
      let tokens = 0;
      if (useModel && fields.length) {
        await ctx.reportProgress("asking the language model", 20);
        const provider = await createLlmProvider(
          optimize.llm,
          deps.llmFetch ? { fetchImpl: deps.llmFetch } : {},
        );
        const day = usageDay(new Date());
        let reserved = 0;
        const result = await translateFields(primary, fields, from, row.language, {
          provider,
          maxTokensPerRequest: optimize.llm.maxTokensPerRequest,
          signal: ctx.signal,
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
            reserved += estimate;
          },
        });
        tokens = result.usage.inputTokens + result.usage.outputTokens;
        if (reserved) {
          await withOwner(deps.database, owner, (tx) =>
            new LlmUsageRepository(tx).settle(owner, day, tokens - reserved),
          );
        }
        updates = result.updates;
        refused = result.refused;
      } else {
        updates = copyFields(fields);
      }

      await ctx.reportProgress("saving the translation", 90);
      const saved = await ctx.fencedTransaction(async (tx) => {
        const repo = new TranslationRepository(tx);
        const current = await repo.findById(row.id, owner);
        if (!current)
          throw new AppError("not_found", "The translation no longer exists.", { retryable: false });
        const records = current.fields as FieldRecords;
        // A field the user edited while the model worked keeps the user's text.
        const kept = new Map(
          [...updates].filter(([key]) => {
            const record = records[key];
            const source = fields.find((f) => f.key === key)?.text ?? "";
            return !(record?.state === "edited" && record.source_sha256 === textSha256(source));
          }),
        );
        const next = applyCheckedUpdates(
          primary,
          current.language,
          { sections: current.sections ? resumeSchema.parse(current.sections) : null, records },
          kept,
        );
        const updated = await repo.update(row.id, owner, {
          engine: useModel ? "llm" : "copy",
          taskId: ctx.task.id,
          sections: next.sections as unknown as Record<string, unknown>,
          fields: next.records,
        });
        for (const key of next.reverted) refused.push({ key, reason: "longer than the field allows" });
        await new JobEventRepository(tx).append({
          job_id: input.job_id,
          owner_user_id: owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "translate",
          payload: {
            language: current.language,
            engine: useModel ? "llm" : "copy",
            fields: kept.size,
            refused: refused.length,
            tokens,
          },
        });
        return updated;
      });
      return {
        translation_id: saved.id,
        language: saved.language,
        engine: saved.engine,
        fields: updates.size,
        machine: [...updates.values()].filter((u) => u.state === "machine").length,
        refused: refused.slice(0, 100),
      };
    },
  });
}
