/**
 * The `parse` task: uploaded file → resume sections on the job.
 *
 * Reads the upload from blob storage, parses it in a worker thread (memory and
 * time limits), and stores the sections with `parse_status = parsed` and a
 * `parse` job event — in one fenced transaction, so a worker that lost its
 * lease cannot overwrite a newer attempt's result. A document that cannot be
 * parsed (no text layer, corrupt, too large…) fails the task at once with its
 * typed code and marks the job `failed`; storage outages retry.
 */
import { z } from "zod";
import { findOwnedById } from "../../db/owner-read.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { JobRepository } from "../../db/repositories/job-repository.js";
import { jobs } from "../../db/schema.js";
import { AppError, isAppError } from "../../errors.js";
import type { ParsedDocument } from "../../resume/parse/index.js";
import { readStream } from "../../storage/read-stream.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const parseInput = z.object({
  job_id: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string().max(255),
  content_type: z.string().max(200),
  format: z.string().max(40),
});
export type ParseInput = z.infer<typeof parseInput>;

export function createParseHandler(deps: HandlerDeps) {
  return defineHandler({
    type: "parse",
    input: parseInput,
    timeoutMs: 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 },
    async run(input: ParseInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      await ctx.reportProgress("reading upload", 5);
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job?.uploadBlobPath) {
        throw new AppError("not_found", "The job or its upload no longer exists.", { retryable: false });
      }
      let parsed: ParsedDocument;
      try {
        const bytes = await readStream(await deps.blobStore.get(job.uploadBlobPath));
        await ctx.reportProgress("parsing", 20);
        parsed = await deps.parser.parse(
          { bytes: new Uint8Array(bytes), filename: input.filename, declaredContentType: input.content_type },
          { signal: ctx.signal },
        );
      } catch (error) {
        // The job shows `failed` once no attempt is left: at once for a document at fault, after the
        // last retry for an outage. A canceled or taken-over attempt leaves it to whoever goes on.
        if (isFinal(error, ctx)) await markFailed(ctx, input, owner, error);
        throw error;
      }

      await ctx.reportProgress("saving sections", 90);
      await ctx.fencedTransaction(async (tx) => {
        const updated = await new JobRepository(tx).update(input.job_id, owner, {
          sections: parsed.resume as unknown as Record<string, unknown>,
          parse_status: "parsed",
          cv_sections_confirmed: false,
        });
        if (!updated) return; // deleted meanwhile: nothing to store
        await new JobEventRepository(tx).append({
          job_id: input.job_id,
          owner_user_id: owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "parse",
          payload: {
            format: parsed.format,
            warnings: parsed.warnings.length,
            work_entries: parsed.resume.work.length,
            education_entries: parsed.resume.education.length,
          },
        });
      });
      return { format: parsed.format, warnings: parsed.warnings };
    },
  });
}

function isFinal(error: unknown, ctx: TaskContext): boolean {
  if (isAppError(error) && (error.code === "task_canceled" || error.code === "lease_lost")) return false;
  if (ctx.signal.aborted) return false;
  const retryable = isAppError(error) ? error.retryable : true;
  return !retryable || ctx.task.attempt >= ctx.task.maxAttempts;
}

async function markFailed(ctx: TaskContext, input: ParseInput, owner: string, error: unknown): Promise<void> {
  await ctx.fencedTransaction(async (tx) => {
    const updated = await new JobRepository(tx).update(input.job_id, owner, { parse_status: "failed" });
    if (!updated) return;
    await new JobEventRepository(tx).append({
      job_id: input.job_id,
      owner_user_id: owner,
      trace_id: ctx.task.traceId,
      task_id: ctx.task.id,
      event_type: "parse.failed",
      payload: { code: isAppError(error) ? error.code : "internal" },
    });
  });
}
