/**
 * Translations as the API sees them: a job's CV in other languages, kept field by field in step
 * with the primary. Creating one (or refreshing its out-of-date fields) queues a `translate` task
 * in the same transaction; the user's own edit of a field marks that field current.
 */
import type { Tx } from "../db/client.js";
import { withOwner } from "../db/owner-scope.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { TaskRepository } from "../db/repositories/task-repository.js";
import { TranslationRepository } from "../db/repositories/translation-repository.js";
import type { JobRow, TaskRow, TranslationRow } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { type Resume, resumeSchema } from "../resume/model.js";
import { applyFieldUpdates, type FieldUpdate } from "../resume/translate/compose.js";
import { type FieldRecords, primaryLanguageOf, translatableFields } from "../resume/translate/fields.js";
import { enqueueTask } from "../tasks/enqueue.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { effectiveKey } from "./idempotency.js";

/** A translation with the primary CV it is read against (for the composed sections and stale fields). */
export type TranslationView = { row: TranslationRow; primary: Resume };

function primaryOf(job: JobRow): Resume {
  if (!job.sections) throw new AppError("job_not_parsed", "The job has no sections yet.");
  return resumeSchema.parse(job.sections);
}

export class TranslationService {
  constructor(private readonly deps: Pick<ServiceDeps, "database" | "handlers" | "config">) {}

  private scoped<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withOwner(this.deps.database, scope.ownerUserId, fn);
  }

  private async job(tx: Tx, scope: RequestScope, jobId: string): Promise<JobRow> {
    const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
    if (!job) throw notFound("job");
    return job;
  }

  private async owned(tx: Tx, scope: RequestScope, jobId: string, id: string): Promise<TranslationRow> {
    const row = await new TranslationRepository(tx).findById(id, scope.ownerUserId);
    if (!row || row.jobId !== jobId) throw notFound("translation");
    return row;
  }

  /** The job's translations, by language. */
  list(scope: RequestScope, jobId: string): Promise<{ primary: Resume; rows: TranslationRow[] }> {
    return this.scoped(scope, async (tx) => {
      const primary = primaryOf(await this.job(tx, scope, jobId));
      return { primary, rows: await new TranslationRepository(tx).listByJob(jobId, scope.ownerUserId) };
    });
  }

  get(scope: RequestScope, jobId: string, id: string): Promise<TranslationView> {
    return this.scoped(scope, async (tx) => {
      const primary = primaryOf(await this.job(tx, scope, jobId));
      return { row: await this.owned(tx, scope, jobId, id), primary };
    });
  }

  /**
   * A new translation into `language` and the task that fills it in. With an Idempotency-Key, a
   * repeated request answers with the translation and task the first one made.
   */
  create(
    scope: RequestScope,
    jobId: string,
    language: string,
    clientKey: string | undefined,
  ): Promise<TranslationView & { task: TaskRow; replayed: boolean }> {
    return this.scoped(scope, async (tx) => {
      const job = await this.job(tx, scope, jobId);
      const primary = primaryOf(job);
      if (clientKey) {
        const earlier = await new TaskRepository(tx).findByIdempotencyKey(scope.ownerUserId, clientKey);
        const earlierId = (earlier?.inputPayload as { translation_id?: unknown } | undefined)?.translation_id;
        if (earlier && earlier.taskType === "translate" && typeof earlierId === "string") {
          const row = await new TranslationRepository(tx).findById(earlierId, scope.ownerUserId);
          if (row && row.jobId === jobId && row.language === language) {
            return { row, primary, task: earlier, replayed: true };
          }
        }
      }
      if (language === primaryLanguageOf(primary)) {
        throw new AppError("validation_failed", `The CV is already written in "${language}".`, {
          details: { language },
        });
      }
      const row = await new TranslationRepository(tx).create({
        job_id: jobId,
        owner_user_id: scope.ownerUserId,
        language,
        engine: this.deps.config.optimize.engine === "llm" ? "llm" : "copy",
      });
      const { task } = await this.enqueue(tx, scope, row, clientKey);
      await this.event(tx, scope, jobId, "translation.created", { language, translation_id: row.id });
      return { row, primary, task, replayed: false };
    });
  }

  /** Queue a `translate` run for the fields that need one (new, out of date, still copied). */
  refresh(
    scope: RequestScope,
    jobId: string,
    id: string,
    clientKey: string | undefined,
  ): Promise<{ task: TaskRow; replayed: boolean }> {
    return this.scoped(scope, async (tx) => {
      const row = await this.owned(tx, scope, jobId, id);
      const { task, created } = await this.enqueue(tx, scope, row, clientKey);
      return { task, replayed: !created };
    });
  }

  /**
   * The user's own text for fields (by field key): each becomes current, translated from the
   * primary's text as it is now. An unknown key is `validation_failed`.
   */
  editFields(
    scope: RequestScope,
    jobId: string,
    id: string,
    edits: { key: string; text: string }[],
    expectedUpdatedAt: Date | undefined,
  ): Promise<TranslationView> {
    return this.scoped(scope, async (tx) => {
      const primary = primaryOf(await this.job(tx, scope, jobId));
      const row = await this.owned(tx, scope, jobId, id);
      const known = new Set(translatableFields(primary).map((f) => f.key));
      const unknown = edits.filter((e) => !known.has(e.key)).map((e) => e.key);
      if (unknown.length) {
        throw new AppError("validation_failed", "The CV has no such translatable field.", {
          details: { keys: unknown.slice(0, 20) },
        });
      }
      const updates = new Map<string, FieldUpdate>(
        edits.map((e) => [e.key, { text: e.text, state: "edited" }]),
      );
      const next = applyFieldUpdates(
        primary,
        row.language,
        {
          sections: row.sections ? resumeSchema.parse(row.sections) : null,
          records: row.fields as FieldRecords,
        },
        updates,
      );
      // The composed sections pass the model's caps like any edit of the CV.
      const sections = resumeSchema.safeParse(next.sections);
      if (!sections.success) {
        throw new AppError("validation_failed", "The edited text does not fit the CV's limits.", {
          details: { issues: sections.error.issues.slice(0, 5).map((i) => i.path.join(".")) },
        });
      }
      const updated = await new TranslationRepository(tx).update(
        id,
        scope.ownerUserId,
        { sections: sections.data as unknown as Record<string, unknown>, fields: next.records },
        expectedUpdatedAt ? { expectedUpdatedAt } : {},
      );
      await this.event(tx, scope, jobId, "translation.edited", {
        language: row.language,
        fields: edits.length,
      });
      return { row: updated, primary };
    });
  }

  delete(scope: RequestScope, jobId: string, id: string): Promise<void> {
    return this.scoped(scope, async (tx) => {
      const row = await this.owned(tx, scope, jobId, id);
      await new TranslationRepository(tx).delete(row.id, scope.ownerUserId);
      await this.event(tx, scope, jobId, "translation.deleted", { language: row.language });
    });
  }

  private enqueue(tx: Tx, scope: RequestScope, row: TranslationRow, clientKey: string | undefined) {
    return enqueueTask(tx, this.deps.handlers, {
      job_id: row.jobId,
      owner_user_id: scope.ownerUserId,
      idempotency_key: effectiveKey(clientKey),
      task_type: "translate",
      input_payload: { job_id: row.jobId, translation_id: row.id },
      trace_id: scope.traceId,
    });
  }

  private async event(
    tx: Tx,
    scope: RequestScope,
    jobId: string,
    eventType: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    await new JobEventRepository(tx).append({
      job_id: jobId,
      owner_user_id: scope.ownerUserId,
      trace_id: scope.traceId,
      event_type: eventType,
      payload,
    });
  }
}
