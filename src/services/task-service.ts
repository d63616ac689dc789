import { createHash } from "node:crypto";
/**
 * Tasks as the API sees them: start optimize and export tasks for a job, read
 * and cancel tasks, and apply accepted optimize proposals.
 *
 * Starting a task is idempotent per (owner, Idempotency-Key): the task row's
 * UNIQUE (owner_user_id, idempotency_key) decides which of many concurrent
 * identical requests creates it; the others get the same task back.
 */

import type { Tx } from "../db/client.js";
import { findOwnedById } from "../db/owner-read.js";
import { withOwner } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { TailoringRepository } from "../db/repositories/tailoring-repository.js";
import { TaskRepository } from "../db/repositories/task-repository.js";
import { type JobRow, type TaskRow, tasks as tasksTable } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import type { CoverLetterFormat, RenderedKind } from "../resume/export-kinds.js";
import { resumeSchema } from "../resume/model.js";
import { applyProposals, type Proposal } from "../resume/optimize/index.js";
import { requestCancel } from "../tasks/cancel.js";
import { enqueueTask } from "../tasks/enqueue.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { effectiveKey } from "./idempotency.js";
import { afterSectionsChange } from "./sections-history.js";

export type ExportRequest = {
  formats: RenderedKind[];
  bundle: boolean;
  template?: string | undefined;
  page_size?: "A4" | "Letter" | undefined;
  languages?: string[] | undefined;
  /** A tailoring's kept cover letter to render too, as its own kinds (and in the bundle). */
  cover_letter?: { tailoring_id: string; formats: CoverLetterFormat[] } | undefined;
};

export class TaskService {
  constructor(private readonly deps: ServiceDeps) {}

  /** One task; another owner's is `not_found`. */
  async get(owner: string, id: string): Promise<TaskRow> {
    const task = await findOwnedById(this.deps.database, tasksTable, owner, id);
    if (!task) throw notFound("task");
    return task;
  }

  /** Start an optimize task for a confirmed job. */
  startOptimize(
    scope: RequestScope,
    jobId: string,
    body: { job_description?: string | undefined; tailoring_id?: string | undefined },
    clientKey: string | undefined,
  ): Promise<{ task: TaskRow; replayed: boolean }> {
    const input = {
      job_id: jobId,
      ...(body.job_description ? { job_description: body.job_description } : {}),
      ...(body.tailoring_id ? { tailoring_id: body.tailoring_id } : {}),
    };
    return this.start(scope, jobId, "optimize", input, clientKey);
  }

  /**
   * Start an export task for a confirmed job. A cover letter asked for must exist now (the tailoring
   * is the job's and has a letter), so a missing one is a 404 here rather than a failed task later.
   */
  async startExport(
    scope: RequestScope,
    jobId: string,
    request: ExportRequest,
    clientKey: string | undefined,
  ): Promise<{ task: TaskRow; replayed: boolean }> {
    if (request.cover_letter) {
      const tailoringId = request.cover_letter.tailoring_id;
      const tailoring = await withOwner(this.deps.database, scope.ownerUserId, (tx) =>
        new TailoringRepository(tx).findById(tailoringId, scope.ownerUserId),
      );
      if (!tailoring || tailoring.jobId !== jobId) throw notFound("tailoring");
      if (!tailoring.coverLetter) throw new AppError("not_found", "No cover letter yet; draft one first.");
    }
    const input = {
      job_id: jobId,
      formats: [...request.formats].sort(),
      bundle: request.bundle,
      ...(request.template ? { template: request.template } : {}),
      ...(request.page_size ? { page_size: request.page_size } : {}),
      ...(request.languages ? { languages: request.languages } : {}),
      ...(request.cover_letter
        ? {
            cover_letter: {
              tailoring_id: request.cover_letter.tailoring_id,
              formats: [...request.cover_letter.formats].sort(),
            },
          }
        : {}),
    };
    return this.start(scope, jobId, "export", input, clientKey);
  }

  private start(
    scope: RequestScope,
    jobId: string,
    taskType: "optimize" | "export",
    input: Record<string, unknown>,
    clientKey: string | undefined,
  ): Promise<{ task: TaskRow; replayed: boolean }> {
    const owner = scope.ownerUserId;
    const key = effectiveKey(clientKey);
    return withOwner(this.deps.database, owner, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, owner);
      if (!job) throw notFound("job");
      if (clientKey) {
        // A replay answers as the first request did, even if the job changed since.
        const existing = await new TaskRepository(tx).findByIdempotencyKey(owner, key);
        if (!existing) assertConfirmed(job);
      } else {
        assertConfirmed(job);
      }
      const { task, created } = await enqueueTask(tx, this.deps.handlers, {
        job_id: jobId,
        owner_user_id: owner,
        idempotency_key: key,
        task_type: taskType,
        input_payload: input,
        trace_id: scope.traceId,
      });
      return { task, replayed: !created };
    });
  }

  /** Cancel a queued or running task; finished tasks are 409 `task_not_cancelable`. */
  async cancel(scope: RequestScope, id: string): Promise<TaskRow> {
    const owner = scope.ownerUserId;
    return withOwner(this.deps.database, owner, async (tx) => {
      await requestCancel(tx, { taskId: id, ownerUserId: owner }, this.deps.handlers);
      const task = await new TaskRepository(tx).findById(id, owner);
      if (!task) throw notFound("task");
      return task;
    });
  }

  /**
   * Apply the accepted proposals of a completed optimize task to the job's
   * sections. A proposal whose original text no longer matches is reported as
   * stale; hints that change nothing by themselves are reported as skipped. The user reviewed each change, so confirmation stays.
   */
  async applyProposals(
    scope: RequestScope,
    jobId: string,
    taskId: string,
    ids: string[],
  ): Promise<{ job: JobRow; applied: string[]; stale: string[]; skipped: string[] }> {
    const owner = scope.ownerUserId;
    return withOwner(this.deps.database, owner, async (tx) => {
      const jobs = new JobRepository(tx);
      // Locked so a concurrent edit cannot slip between reading the sections and writing them back.
      const job = await jobs.findByIdForUpdate(jobId, owner);
      if (!job) throw notFound("job");
      const task = await new TaskRepository(tx).findById(taskId, owner);
      if (!task || task.jobId !== jobId || task.taskType !== "optimize") {
        throw new AppError("not_found", "Optimize task not found for this job.");
      }
      if (task.status !== "completed") {
        throw new AppError("conflict", `The optimize task is ${task.status}, not completed.`);
      }
      if (!job.sections) throw new AppError("job_not_parsed", "The job has no sections.");
      const proposals = ((task.result as { proposals?: Proposal[] } | null)?.proposals ?? []) as Proposal[];
      const known = new Set(proposals.map((p) => p.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length) {
        throw new AppError("validation_failed", "Unknown proposal ids.", {
          details: { errors: unknown.map((id) => ({ path: "body.ids", message: `no proposal ${id}` })) },
        });
      }
      const resume = resumeSchema.parse(job.sections);
      const result = applyProposals(resume, proposals, ids);
      if (result.applied.length === 0)
        return { job, applied: [], stale: result.stale, skipped: result.skipped };
      const jobDescription = (task.inputPayload as { job_description?: unknown }).job_description;
      result.resume.meta.optimized_for = {
        task_id: taskId,
        job_description_sha256:
          typeof jobDescription === "string" && jobDescription
            ? createHash("sha256").update(jobDescription).digest("hex")
            : null,
        applied_at: new Date().toISOString(),
      };
      const exported = await new ArtifactRepository(tx).jobHasExports(jobId, owner);
      const updated = await jobs.update(
        jobId,
        owner,
        {
          sections: result.resume as unknown as Record<string, unknown>,
          ...(exported ? { schema_dirty: true } : {}),
        },
        { expectedUpdatedAt: job.updatedAt },
      );
      if (!updated) throw notFound("job");
      await afterSectionsChange(tx, owner, updated);
      await appendEvent(tx, scope, jobId, "optimize.applied", {
        task_id: taskId,
        applied: result.applied.length,
        stale: result.stale.length,
      });
      return { job: updated, applied: result.applied, stale: result.stale, skipped: result.skipped };
    });
  }
}

function assertConfirmed(job: JobRow): void {
  if (!job.cvSectionsConfirmed) {
    throw new AppError("sections_not_confirmed", "Confirm the job's sections first.");
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
