/**
 * Tailorings as the API sees them: read the kept work, decide and edit
 * proposals, answer questions, apply accepted proposals to the CV and undo
 * the last apply, and edit the cover letter.
 *
 * Applying pushes the sections as they were onto the tailoring's history, in
 * the same transaction that writes the new sections (the job row locked), so
 * undo restores exactly what the user had — unless the CV was edited since,
 * which is a conflict rather than a silent loss of those edits.
 */
import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import type { Tx } from "../db/client.js";
import { withOwner } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { TailoringRepository } from "../db/repositories/tailoring-repository.js";
import type { JobRow, TailoringRow, TaskRow } from "../db/schema.js";
import { AppError } from "../errors.js";
import { type CoverLetter, coverLetterSchema } from "../resume/cover-letter/cover-letter.js";
import { templateCoverLetter } from "../resume/cover-letter/draft-cover-letter.js";
import type { JobAnalysis } from "../resume/job/analysis.js";
import type { FitReport } from "../resume/job/fit-report.js";
import { detectLanguage } from "../resume/job/posting-vocabulary.js";
import { resumeSchema } from "../resume/model.js";
import { type Answer, applyProposals, type Question } from "../resume/optimize/index.js";
import { allResumeText } from "../resume/optimize/resume-text.js";
import { effective, type ProposalStatus, type StoredProposal } from "../resume/optimize/stored-proposals.js";
import { exportSettingsSchema } from "../resume/settings.js";
import { enqueueTask } from "../tasks/enqueue.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { effectiveKey } from "./idempotency.js";
import { afterSectionsChange } from "./sections-history.js";

/** How many applies can be undone, newest first. */
const HISTORY_DEPTH = 10;

type HistoryEntry = {
  at: string;
  ids: string[];
  sections_before: Record<string, unknown>;
  sections_sha256: string;
};

// Keys in sorted order: jsonb does not keep the order the sections were written in.
const sha = (value: unknown) =>
  createHash("sha256")
    .update(stringify(value) ?? "")
    .digest("hex");

export class TailoringService {
  constructor(private readonly deps: Pick<ServiceDeps, "config" | "database" | "fonts" | "handlers">) {}

  private scoped<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withOwner(this.deps.database, scope.ownerUserId, fn);
  }

  private async owned(tx: Tx, scope: RequestScope, jobId: string, id: string): Promise<TailoringRow> {
    const row = await new TailoringRepository(tx).findById(id, scope.ownerUserId);
    if (!row || row.jobId !== jobId) throw new AppError("not_found", "tailoring not found");
    return row;
  }

  /** The owner's tailorings of a job, newest first. */
  list(scope: RequestScope, jobId: string): Promise<TailoringRow[]> {
    return this.scoped(scope, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
      if (!job) throw new AppError("not_found", "job not found");
      return new TailoringRepository(tx).listByJob(jobId, scope.ownerUserId);
    });
  }

  get(scope: RequestScope, jobId: string, id: string): Promise<TailoringRow> {
    return this.scoped(scope, (tx) => this.owned(tx, scope, jobId, id));
  }

  /** Accept, reject or reset a proposal, or replace its text with the user's own before accepting. */
  decide(
    scope: RequestScope,
    jobId: string,
    id: string,
    proposalId: string,
    change: {
      status?: Exclude<ProposalStatus, "applied"> | undefined;
      edited?: string | string[] | null | undefined;
    },
    expectedUpdatedAt?: Date,
  ): Promise<TailoringRow> {
    return this.scoped(scope, async (tx) => {
      const row = await this.owned(tx, scope, jobId, id);
      const proposals = row.proposals as StoredProposal[];
      const target = proposals.find((p) => p.id === proposalId);
      if (!target) throw new AppError("not_found", "proposal not found");
      if (target.status === "applied") throw new AppError("conflict", "the proposal is applied; undo first");
      if (change.edited !== undefined && change.edited !== null) {
        if (!target.applicable) throw new AppError("validation_failed", "a hint has no text to edit");
        if (Array.isArray(change.edited) !== Array.isArray(target.proposed)) {
          throw new AppError("validation_failed", "the edit must be the same kind of value as the proposal");
        }
      }
      const next = proposals.map((p) => {
        if (p.id !== proposalId) return p;
        const { edited: _old, ...rest } = p;
        const edited = change.edited === null ? undefined : (change.edited ?? p.edited);
        return { ...rest, status: change.status ?? p.status, ...(edited !== undefined ? { edited } : {}) };
      });
      return new TailoringRepository(tx).update(
        id,
        scope.ownerUserId,
        { proposals: next },
        expectedUpdatedAt ? { expectedUpdatedAt } : {},
      );
    });
  }

  /** Store answers to questions (an empty answer removes one); re-run optimize to use them. */
  answer(
    scope: RequestScope,
    jobId: string,
    id: string,
    answers: { question_id: string; answer: string }[],
  ): Promise<TailoringRow> {
    return this.scoped(scope, async (tx) => {
      const row = await this.owned(tx, scope, jobId, id);
      const questions = row.questions as Question[];
      const kept = new Map((row.answers as Answer[]).map((a) => [a.question_id, a]));
      for (const a of answers) {
        const question = questions.find((q) => q.id === a.question_id) ?? kept.get(a.question_id);
        if (!question) throw new AppError("not_found", `question ${a.question_id} not found`);
        const text = "text" in question ? question.text : question.question;
        if (a.answer.trim())
          kept.set(a.question_id, { question_id: a.question_id, question: text, answer: a.answer.trim() });
        else kept.delete(a.question_id);
      }
      return new TailoringRepository(tx).update(id, scope.ownerUserId, { answers: [...kept.values()] });
    });
  }

  /** Apply the accepted proposals (or `ids`) to the job's sections; the previous sections go on the undo stack. */
  apply(
    scope: RequestScope,
    jobId: string,
    id: string,
    ids?: string[],
  ): Promise<{
    job: JobRow;
    tailoring: TailoringRow;
    applied: string[];
    stale: string[];
    skipped: string[];
  }> {
    return this.scoped(scope, async (tx) => {
      const jobs = new JobRepository(tx);
      // Locked so a concurrent edit cannot slip between reading the sections and writing them back.
      const job = await jobs.findByIdForUpdate(jobId, scope.ownerUserId);
      if (!job) throw new AppError("not_found", "job not found");
      if (!job.sections) throw new AppError("job_not_parsed", "the job has no sections");
      const row = await this.owned(tx, scope, jobId, id);
      const stored = row.proposals as StoredProposal[];
      const chosen = ids ?? stored.filter((p) => p.status === "accepted").map((p) => p.id);
      const unknown = chosen.filter((c) => !stored.some((p) => p.id === c));
      if (unknown.length)
        throw new AppError("validation_failed", `unknown proposal ids: ${unknown.join(", ")}`);
      const before = resumeSchema.parse(job.sections);
      const result = applyProposals(before, stored.map(effective), chosen);
      if (!result.applied.length)
        return { job, tailoring: row, applied: [], stale: result.stale, skipped: result.skipped };
      result.resume.meta.optimized_for = {
        task_id: row.taskId ?? "00000000-0000-0000-0000-000000000000",
        job_description_sha256: createHash("sha256").update(row.posting).digest("hex"),
        applied_at: new Date().toISOString(),
      };
      const exported = await new ArtifactRepository(tx).jobHasExports(jobId, scope.ownerUserId);
      const sections = result.resume as unknown as Record<string, unknown>;
      const updated = await jobs.update(
        jobId,
        scope.ownerUserId,
        { sections, ...(exported ? { schema_dirty: true } : {}) },
        { expectedUpdatedAt: job.updatedAt },
      );
      if (!updated) throw new AppError("not_found", "job not found");
      await afterSectionsChange(tx, scope.ownerUserId, updated);
      const applied = new Set(result.applied);
      const entry: HistoryEntry = {
        at: new Date().toISOString(),
        ids: result.applied,
        sections_before: job.sections,
        sections_sha256: sha(sections),
      };
      const tailoring = await new TailoringRepository(tx).update(id, scope.ownerUserId, {
        proposals: stored.map((p) => (applied.has(p.id) ? { ...p, status: "applied" as const } : p)),
        history: [entry, ...(row.history as HistoryEntry[])].slice(0, HISTORY_DEPTH),
      });
      await appendEvent(tx, scope, jobId, "tailoring.applied", {
        tailoring_id: id,
        applied: result.applied.length,
      });
      return {
        job: updated,
        tailoring,
        applied: result.applied,
        stale: result.stale,
        skipped: result.skipped,
      };
    });
  }

  /** Undo the last apply: the sections return to what they were; its proposals become accepted again. */
  undo(scope: RequestScope, jobId: string, id: string): Promise<{ job: JobRow; tailoring: TailoringRow }> {
    return this.scoped(scope, async (tx) => {
      const jobs = new JobRepository(tx);
      const job = await jobs.findByIdForUpdate(jobId, scope.ownerUserId);
      if (!job) throw new AppError("not_found", "job not found");
      const row = await this.owned(tx, scope, jobId, id);
      const [last, ...rest] = row.history as HistoryEntry[];
      if (!last) throw new AppError("conflict", "nothing to undo");
      if (sha(job.sections) !== last.sections_sha256) {
        throw new AppError("conflict", "the CV was edited after this apply; undo would lose those edits");
      }
      const updated = await jobs.update(
        jobId,
        scope.ownerUserId,
        { sections: last.sections_before },
        { expectedUpdatedAt: job.updatedAt },
      );
      if (!updated) throw new AppError("not_found", "job not found");
      await afterSectionsChange(tx, scope.ownerUserId, updated);
      const undone = new Set(last.ids);
      const tailoring = await new TailoringRepository(tx).update(id, scope.ownerUserId, {
        proposals: (row.proposals as StoredProposal[]).map((p) =>
          undone.has(p.id) ? { ...p, status: "accepted" as const } : p,
        ),
        history: rest,
      });
      await appendEvent(tx, scope, jobId, "tailoring.undone", {
        tailoring_id: id,
        restored: last.ids.length,
      });
      return { job: updated, tailoring };
    });
  }

  /**
   * Draft a cover letter. The template engine (company, role, the strongest matched achievements)
   * answers at once and keeps the draft; the language-model engine queues a `cover_letter` task that
   * keeps its guarded draft when done. The engine defaults to the configured one.
   */
  draftCoverLetter(
    scope: RequestScope,
    jobId: string,
    id: string,
    options: { engine?: "builtin" | "llm" | undefined; idempotencyKey?: string | undefined } = {},
  ): Promise<{ tailoring: TailoringRow } | { task: TaskRow; replayed: boolean }> {
    const configured = this.deps.config.optimize.engine;
    const engine = options.engine ?? configured;
    if (engine === "llm" && configured !== "llm")
      throw new AppError("conflict", "no language model is configured; draft with the template engine");
    return this.scoped(scope, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
      if (!job) throw new AppError("not_found", "job not found");
      if (!job.sections) throw new AppError("job_not_parsed", "the job has no sections");
      const row = await this.owned(tx, scope, jobId, id);
      if (!row.analysis || !row.fit) throw new AppError("conflict", "the tailoring has no analysis yet");
      if (engine === "llm") {
        const { task, created } = await enqueueTask(tx, this.deps.handlers, {
          job_id: jobId,
          owner_user_id: scope.ownerUserId,
          idempotency_key: effectiveKey(options.idempotencyKey),
          task_type: "cover_letter",
          input_payload: { job_id: jobId, tailoring_id: id },
          trace_id: scope.traceId,
        });
        return { task, replayed: !created };
      }
      const resume = resumeSchema.parse(job.sections);
      const letter = templateCoverLetter(
        resume,
        row.analysis as JobAnalysis,
        row.fit as FitReport,
        detectLanguage(allResumeText(resume)),
      );
      return {
        tailoring: await new TailoringRepository(tx).update(id, scope.ownerUserId, { coverLetter: letter }),
      };
    });
  }

  /** The kept cover letter rendered as PDF or DOCX in the CV's export design. */
  renderCoverLetter(
    scope: RequestScope,
    jobId: string,
    id: string,
    format: "pdf" | "docx",
  ): Promise<{ bytes: Buffer; filename: string }> {
    return this.scoped(scope, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
      if (!job) throw new AppError("not_found", "job not found");
      if (!job.sections) throw new AppError("job_not_parsed", "the job has no sections");
      const row = await this.owned(tx, scope, jobId, id);
      if (!row.coverLetter) throw new AppError("not_found", "no cover letter yet; draft one first");
      const letter: CoverLetter = coverLetterSchema.parse(row.coverLetter);
      const resume = resumeSchema.parse(job.sections);
      const settings = exportSettingsSchema.parse({ ...(job.exportSettings ?? {}) });
      const base = (resume.basics.name || "cover-letter").replace(/[^\p{L}\p{N}]+/gu, "-").toLowerCase();
      // The renderers load on the first download: an API process that never renders never loads them.
      if (format === "docx") {
        const { renderCoverLetterDocx } = await import(
          "../resume/render/cover-letter/render-cover-letter-docx.js"
        );
        return {
          bytes: await renderCoverLetterDocx(resume, letter, settings),
          filename: `${base}-cover-letter.docx`,
        };
      }
      const { renderCoverLetterPdf } = await import(
        "../resume/render/cover-letter/render-cover-letter-pdf.js"
      );
      return {
        bytes: await renderCoverLetterPdf(resume, letter, settings, { fonts: await this.deps.fonts() }),
        filename: `${base}-cover-letter.pdf`,
      };
    });
  }

  /** Save the user's cover letter text (drafted by the engine, edited by the user). */
  saveCoverLetter(
    scope: RequestScope,
    jobId: string,
    id: string,
    letter: Record<string, unknown>,
    expectedUpdatedAt?: Date,
  ): Promise<TailoringRow> {
    return this.scoped(scope, async (tx) => {
      await this.owned(tx, scope, jobId, id);
      return new TailoringRepository(tx).update(
        id,
        scope.ownerUserId,
        { coverLetter: letter },
        expectedUpdatedAt ? { expectedUpdatedAt } : {},
      );
    });
  }
}

async function appendEvent(
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
