/**
 * The typed client for `/api/v1`. Every method resolves with parsed JSON or
 * rejects with an `ApiError` carrying a human message (see `problem.ts`).
 * Creating requests carry an `Idempotency-Key`, so a retried click never makes
 * a second job or export.
 */
import { ApiError, networkError, toApiError } from "./problem.js";
import { isUnavailableStatus, reportAnswer, reportUnreachable } from "./server-status.js";
import { followTask } from "./task-stream.js";
import type {
  Activity,
  Artifact,
  ArtifactKind,
  ExportSettings,
  Job,
  JobEvent,
  JobSummary,
  Limits,
  Page,
  Resume,
  Tailoring,
  TailoringSummary,
  Task,
  Translation,
  TranslationSummary,
} from "./types.js";
import { isTerminal } from "./types.js";

export { API_PREFIX } from "../../../src/api-paths.js";

import { API_PREFIX } from "../../../src/api-paths.js";

/** A random key for `Idempotency-Key`; `randomUUID` is missing outside secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A job plus the concurrency token to send back as `If-Match`. */
export type VersionedJob = { job: Job; etag: string };

export type ExportRequest = {
  formats: Exclude<ArtifactKind, "zip">[];
  bundle?: boolean;
  template?: string;
  page_size?: "A4" | "Letter";
  /** The CV's own language and/or its translations'; several need `bundle`. */
  languages?: string[];
};

/** A translation plus the concurrency token to send back as `If-Match`. */
export type VersionedTranslation = { translation: Translation; etag: string };

export type JobPatch = { sections?: Resume; export_settings?: ExportSettings };

type RequestOptions = { method?: string; body?: unknown; headers?: Record<string, string> };

/** Tells the server status whether this response came from the service itself. */
function observe(response: Response): Response {
  if (isUnavailableStatus(response.status)) reportUnreachable();
  else reportAnswer();
  return response;
}

function etagOf(response: Response, job: Job): string {
  return response.headers.get("etag") ?? `"${job.updated_at}"`;
}

/** The HTTP client the screens use; `baseUrl` is empty for same-origin. */
export class ApiClient {
  constructor(private readonly baseUrl = "") {}

  private async send(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${API_PREFIX}${path}`, {
        method: options.method ?? "GET",
        headers,
        body,
        credentials: "same-origin",
        // Always revalidate: a job read must reflect the latest version (a 304 still saves the body).
        cache: "no-cache",
      });
    } catch {
      reportUnreachable();
      throw networkError();
    }
    observe(response);
    if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
    return response;
  }

  private async json<T>(path: string, options?: RequestOptions): Promise<T> {
    const response = await this.send(path, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Jobs, newest first. */
  listJobs(cursor?: string | null, limit = 20): Promise<Page<JobSummary>> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set("cursor", cursor);
    return this.json(`/jobs?${q}`);
  }

  async getJob(id: string): Promise<VersionedJob> {
    const response = await this.send(`/jobs/${encodeURIComponent(id)}`);
    const job = (await response.json()) as Job;
    return { job, etag: etagOf(response, job) };
  }

  /** Saves edits; a stale `etag` rejects with code `precondition_failed` (412). */
  async patchJob(id: string, patch: JobPatch, etag: string): Promise<VersionedJob> {
    const response = await this.send(`/jobs/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: patch,
      headers: { "if-match": etag },
    });
    const job = (await response.json()) as Job;
    return { job, etag: etagOf(response, job) };
  }

  /** The uploaded file as stored (GET /jobs/{id}/original); `original_unavailable` when there is none. */
  async getOriginal(id: string, signal?: AbortSignal): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${API_PREFIX}/jobs/${encodeURIComponent(id)}/original`, {
        headers: { accept: "*/*" },
        credentials: "same-origin",
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw networkError();
    }
    if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
    return new Uint8Array(await response.arrayBuffer());
  }

  /** The PDF these settings would export, as a Blob (a preview: nothing is stored). */
  async previewPdf(id: string, settings: ExportSettings, signal?: AbortSignal): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${API_PREFIX}/jobs/${encodeURIComponent(id)}/preview`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/pdf" },
        body: JSON.stringify({ export_settings: settings }),
        credentials: "same-origin",
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      reportUnreachable();
      throw networkError();
    }
    observe(response);
    if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
    return response.blob();
  }

  /** Sets the job's photo (a JPEG or PNG file); the server re-encodes it and drops EXIF. */
  async putPhoto(id: string, file: File): Promise<Job> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${API_PREFIX}/jobs/${encodeURIComponent(id)}/photo`, {
        method: "PUT",
        headers: { "content-type": file.type || "application/octet-stream", accept: "application/json" },
        body: file,
        credentials: "same-origin",
      });
    } catch {
      reportUnreachable();
      throw networkError();
    }
    observe(response);
    if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
    return ((await response.json()) as { job: Job }).job;
  }

  async deletePhoto(id: string): Promise<Job> {
    return (await this.json<{ job: Job }>(`/jobs/${encodeURIComponent(id)}/photo`, { method: "DELETE" })).job;
  }

  deleteJob(id: string): Promise<void> {
    return this.json(`/jobs/${encodeURIComponent(id)}`, { method: "DELETE" });
  }

  /**
   * Confirms the sections; `etag` names the version the person reviewed. With open review items the
   * server answers 409 `review_flags_open` unless the person acknowledged them (`acknowledgeFlags`).
   */
  async confirmJob(id: string, etag: string, acknowledgeFlags = false): Promise<VersionedJob> {
    const response = await this.send(`/jobs/${encodeURIComponent(id)}/confirm`, {
      method: "POST",
      headers: { "if-match": etag },
      body: { acknowledge_flags: acknowledgeFlags },
    });
    const job = (await response.json()) as Job;
    return { job, etag: etagOf(response, job) };
  }

  async startOptimize(id: string, jobDescription: string, tailoringId?: string): Promise<Task> {
    const body = tailoringId
      ? { tailoring_id: tailoringId }
      : jobDescription.trim()
        ? { job_description: jobDescription }
        : {};
    const { task } = await this.json<{ task: Task }>(`/jobs/${encodeURIComponent(id)}/optimize`, {
      method: "POST",
      body,
      headers: { "idempotency-key": newIdempotencyKey() },
    });
    return task;
  }

  applyProposals(
    id: string,
    taskId: string,
    ids: string[],
  ): Promise<{ job: Job; applied: string[]; stale: string[] }> {
    return this.json(`/jobs/${encodeURIComponent(id)}/proposals/apply`, {
      method: "POST",
      body: { task_id: taskId, ids },
    });
  }

  listTailorings(jobId: string): Promise<Page<TailoringSummary>> {
    return this.json(`/jobs/${encodeURIComponent(jobId)}/tailorings`);
  }

  getTailoring(jobId: string, id: string): Promise<Tailoring> {
    return this.json(this.tailoringPath(jobId, id));
  }

  private tailoringPath(jobId: string, id: string): string {
    return `/jobs/${encodeURIComponent(jobId)}/tailorings/${encodeURIComponent(id)}`;
  }

  /** Accept, reject or reset a proposal; `edited` replaces its text (null drops the edit). */
  decideProposal(
    jobId: string,
    id: string,
    proposalId: string,
    change: { status?: "pending" | "accepted" | "rejected"; edited?: string | string[] | null },
  ): Promise<Tailoring> {
    return this.json(`${this.tailoringPath(jobId, id)}/proposals/${encodeURIComponent(proposalId)}`, {
      method: "PATCH",
      body: change,
    });
  }

  answerQuestions(
    jobId: string,
    id: string,
    answers: { question_id: string; answer: string }[],
  ): Promise<Tailoring> {
    return this.json(`${this.tailoringPath(jobId, id)}/answers`, { method: "PUT", body: { answers } });
  }

  applyTailoring(
    jobId: string,
    id: string,
  ): Promise<{ job: Job; tailoring: Tailoring; applied: string[]; stale: string[] }> {
    return this.json(`${this.tailoringPath(jobId, id)}/apply`, { method: "POST", body: {} });
  }

  undoTailoring(jobId: string, id: string): Promise<{ job: Job; tailoring: Tailoring }> {
    return this.json(`${this.tailoringPath(jobId, id)}/undo`, { method: "POST", body: {} });
  }

  /**
   * Drafts a cover letter. Without a language model the server answers with the kept draft; with
   * one it queues a task (202), which is followed here until the guarded draft is kept.
   */
  async draftCoverLetter(jobId: string, id: string): Promise<Tailoring> {
    const out = await this.json<Tailoring | { task: Task }>(
      `${this.tailoringPath(jobId, id)}/cover-letter/draft`,
      {
        method: "POST",
        body: {},
      },
    );
    if (!("task" in out)) return out;
    await this.taskOutcome(out.task.id);
    return this.getTailoring(jobId, id);
  }

  /** Follows a task to its end; rejects with its error unless it completed. */
  private async taskOutcome(taskId: string): Promise<Task> {
    const done = await new Promise<Task>((resolve, reject) => {
      followTask(this, taskId, {
        onUpdate: (task) => {
          if (isTerminal(task)) resolve(task);
        },
        onError: reject,
      });
    });
    if (done.status !== "completed")
      throw new ApiError(done.error?.message ?? done.status, done.error?.code ?? done.status, 500);
    return done;
  }

  /**
   * Keeps the cover letter as new PDF and DOCX versions (an export task, followed here to its end)
   * and answers with the cover letter's versions, newest first.
   */
  async exportCoverLetter(jobId: string, id: string): Promise<Artifact[]> {
    const { task } = await this.json<{ task: Task }>(
      `${this.tailoringPath(jobId, id)}/cover-letter/exports`,
      {
        method: "POST",
        body: { formats: ["pdf", "docx"] },
        headers: { "idempotency-key": newIdempotencyKey() },
      },
    );
    await this.taskOutcome(task.id);
    return this.listCoverLetterArtifacts(jobId);
  }

  /** The job's cover-letter files (every kept PDF and DOCX version), newest first. */
  async listCoverLetterArtifacts(jobId: string): Promise<Artifact[]> {
    const all = await this.listArtifacts(jobId);
    return all
      .filter((a) => a.kind === "cover_letter_pdf" || a.kind === "cover_letter_docx")
      .sort((a, b) => b.version - a.version || a.kind.localeCompare(b.kind));
  }

  saveCoverLetter(
    jobId: string,
    id: string,
    letter: NonNullable<Tailoring["cover_letter"]>,
  ): Promise<Tailoring> {
    return this.json(`${this.tailoringPath(jobId, id)}/cover-letter`, { method: "PUT", body: letter });
  }

  /** Where the browser downloads the cover letter (same-origin; the session identifies the owner). */
  coverLetterUrl(jobId: string, id: string, format: "pdf" | "docx"): string {
    return `${this.baseUrl}${API_PREFIX}${this.tailoringPath(jobId, id)}/cover-letter.${format}`;
  }

  async startExport(id: string, request: ExportRequest): Promise<Task> {
    const { task } = await this.json<{ task: Task }>(`/jobs/${encodeURIComponent(id)}/exports`, {
      method: "POST",
      body: request,
      headers: { "idempotency-key": newIdempotencyKey() },
    });
    return task;
  }

  listTranslations(jobId: string): Promise<{ source_language: string; items: TranslationSummary[] }> {
    return this.json(`/jobs/${encodeURIComponent(jobId)}/translations`);
  }

  private translationPath(jobId: string, id: string): string {
    return `/jobs/${encodeURIComponent(jobId)}/translations/${encodeURIComponent(id)}`;
  }

  /** Starts a translation into `language`; its translate task fills it in. */
  createTranslation(jobId: string, language: string): Promise<{ translation: Translation; task: Task }> {
    return this.json(`/jobs/${encodeURIComponent(jobId)}/translations`, {
      method: "POST",
      body: { language },
      headers: { "idempotency-key": newIdempotencyKey() },
    });
  }

  async getTranslation(jobId: string, id: string): Promise<VersionedTranslation> {
    const response = await this.send(this.translationPath(jobId, id));
    const translation = (await response.json()) as Translation;
    return { translation, etag: response.headers.get("etag") ?? `"${translation.updated_at}"` };
  }

  /** Saves translated fields by key; a stale `etag` rejects with code `precondition_failed` (412). */
  async patchTranslation(
    jobId: string,
    id: string,
    fields: { key: string; text: string }[],
    etag: string,
  ): Promise<VersionedTranslation> {
    const response = await this.send(this.translationPath(jobId, id), {
      method: "PATCH",
      body: { fields },
      headers: { "if-match": etag },
    });
    const translation = (await response.json()) as Translation;
    return { translation, etag: response.headers.get("etag") ?? `"${translation.updated_at}"` };
  }

  async refreshTranslation(jobId: string, id: string): Promise<Task> {
    const { task } = await this.json<{ task: Task }>(`${this.translationPath(jobId, id)}/refresh`, {
      method: "POST",
      headers: { "idempotency-key": newIdempotencyKey() },
    });
    return task;
  }

  deleteTranslation(jobId: string, id: string): Promise<void> {
    return this.json(this.translationPath(jobId, id), { method: "DELETE" });
  }

  getTask(id: string): Promise<Task> {
    return this.json(`/tasks/${encodeURIComponent(id)}`);
  }

  cancelTask(id: string): Promise<Task> {
    return this.json(`/tasks/${encodeURIComponent(id)}/cancel`, { method: "POST" });
  }

  /** Latest plus the previous five versions per kind, newest first. */
  async listArtifacts(jobId: string, kind?: ArtifactKind): Promise<Artifact[]> {
    const q = kind ? `?kind=${kind}` : "";
    const page = await this.json<{ items: Artifact[] }>(`/jobs/${encodeURIComponent(jobId)}/artifacts${q}`);
    return page.items;
  }

  listEvents(jobId: string, cursor?: string | null): Promise<Page<JobEvent>> {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    return this.json(`/jobs/${encodeURIComponent(jobId)}/events${q}`);
  }

  /** The job's activity in plain language, one entry per action, newest first. */
  async listActivity(jobId: string, limit = 30): Promise<Activity[]> {
    const page = await this.json<{ items: Activity[] }>(
      `/jobs/${encodeURIComponent(jobId)}/activity?limit=${limit}`,
    );
    return page.items;
  }

  /** The largest upload and the accepted file endings. */
  getLimits(): Promise<Limits> {
    return this.json("/limits");
  }

  /** The SSE endpoint streaming a task's changes. */
  taskEventsUrl(taskId: string): string {
    return `${this.baseUrl}${API_PREFIX}/tasks/${encodeURIComponent(taskId)}/events`;
  }

  /** A fresh download link for an artifact (the route answers 302 to a signed URL). */
  downloadUrl(artifactId: string): string {
    return `${this.baseUrl}${API_PREFIX}/artifacts/${encodeURIComponent(artifactId)}/download`;
  }

  /**
   * Uploads a CV with XHR, the only browser API that reports upload progress.
   * `onProgress` receives 0..1; `signal` aborts the upload.
   */
  uploadJob(
    file: File,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ job: Job; task: Task }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.baseUrl}${API_PREFIX}/jobs`);
      xhr.setRequestHeader("accept", "application/json");
      xhr.setRequestHeader("idempotency-key", newIdempotencyKey());
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      });
      xhr.addEventListener("load", () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          try {
            resolve(JSON.parse(xhr.responseText) as { job: Job; task: Task });
          } catch {
            reject(toApiError(500, ""));
          }
        } else {
          reject(toApiError(xhr.status, xhr.responseText));
        }
      });
      xhr.addEventListener("error", () => reject(networkError()));
      xhr.addEventListener("abort", () => reject(new ApiError("Upload canceled.", "aborted", 0)));
      signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  }
}
