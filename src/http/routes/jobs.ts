/**
 * Job routes: upload, list, read, edit, delete, confirm, and starting optimize
 * and export tasks; artifacts and the audit log of a job.
 */
import type { MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_PREFIX } from "../../api-paths.js";
import { AppError } from "../../errors.js";
import { ACCEPTED_EXTENSIONS } from "../../resume/parse/sniff.js";
import { clampText } from "../../resume/sanitize.js";
import type { ArtifactService } from "../../services/artifact-service.js";
import type { JobService } from "../../services/job-service.js";
import type { TaskService } from "../../services/task-service.js";
import { expectedUpdatedAt } from "../etag.js";
import {
  jobEtag,
  presentArtifact,
  presentEvent,
  presentJob,
  presentJobSummary,
  presentTask,
} from "../presenters.js";
import { ownerOf } from "../request-context.js";
import {
  activityQuery,
  activitySchema,
  applyProposalsBody,
  artifactSchema,
  artifactsQuery,
  confirmBody,
  confirmHeaders,
  eventSchema,
  exportBody,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  jobSchema,
  jobSummarySchema,
  limitsSchema,
  listOf,
  optimizeBody,
  paginationQuery,
  patchedJobSchema,
  patchJobBody,
  problemResponses,
  problemSchema,
  taskSchema,
} from "../schemas.js";

const tags = ["jobs"];

/** What the task-starting routes answer: 202 with the task, or a problem (409 gate, 422 reused key). */
const taskAcceptedResponses = {
  202: z.object({ task: taskSchema }),
  ...problemResponses,
  409: problemSchema,
  422: problemSchema,
};

export type JobRouteDeps = {
  jobs: JobService;
  tasks: TaskService;
  artifacts: ArtifactService;
  /** Largest accepted upload, in bytes. */
  uploadMaxBytes: number;
};

export function jobRoutes({ jobs, tasks, artifacts, uploadMaxBytes }: JobRouteDeps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      "/limits",
      {
        schema: {
          tags,
          summary: "What an upload may be: the size limit and the accepted file types",
          description:
            "For checking a file before the upload starts; the server still checks, and refuses a larger Content-Length before reading the body (413 payload_too_large with the limit).",
          response: { 200: limitsSchema, ...problemResponses },
        },
      },
      async () => ({ upload_max_bytes: uploadMaxBytes, accepted_extensions: [...ACCEPTED_EXTENSIONS] }),
    );

    app.post(
      "/jobs",
      {
        // Refused on the declared size before a byte of the body is read (the multipart limit
        // still stops a body that lies about its length or sends none).
        onRequest: async (request) => {
          const declared = Number(request.headers["content-length"]);
          if (Number.isFinite(declared) && declared > uploadMaxBytes + MULTIPART_OVERHEAD_BYTES)
            throw tooLarge(uploadMaxBytes);
        },
        schema: {
          tags,
          summary: "Upload a CV (multipart field `file`): creates the job and its parse task",
          description:
            "Accepted files, typed by their bytes: PDF (scanned ones are read with OCR), DOCX, plain text, Markdown, JSON Resume, PNG or JPEG photos and scans (OCR), and LinkedIn data exports (the ZIP from “Get a copy of your data”). Where OCR is not installed, images and scanned PDFs fail with `ocr_unavailable`; `/readyz` reports the capability.",
          consumes: ["multipart/form-data"],
          headers: idempotencyHeaders,
          response: {
            202: z.object({ job: jobSchema, task: taskSchema }),
            ...problemResponses,
            413: problemSchema,
            415: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const owner = ownerOf(request);
        const file = await readUpload(request, uploadMaxBytes);
        const created = await jobs.createFromUpload(
          { ownerUserId: owner, traceId: request.trace.traceId },
          file,
          request.headers["idempotency-key"],
        );
        markReplay(reply, created.replayed);
        return reply
          .status(202)
          .header("location", `${API_PREFIX}/jobs/${created.job.id}`)
          .header("etag", jobEtag(created.job))
          .send({ job: presentJob(created.job), task: presentTask(created.task) });
      },
    );

    app.get(
      "/jobs",
      {
        schema: {
          tags,
          summary: "The caller's jobs, newest first",
          querystring: paginationQuery,
          response: { 200: listOf(jobSummarySchema), ...problemResponses },
        },
      },
      async (request) => {
        const page = await jobs.list(ownerOf(request), request.query);
        return { items: page.items.map(presentJobSummary), next_cursor: page.nextCursor };
      },
    );

    app.get(
      "/jobs/:id",
      {
        schema: {
          tags,
          summary: "One job (ETag = its version for If-Match; If-None-Match → 304 when unchanged)",
          params: idParams,
          response: { 200: jobSchema, 304: z.null().describe("Not modified"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const job = await jobs.get(ownerOf(request), request.params.id);
        const etag = jobEtag(job);
        reply.header("etag", etag).header("cache-control", "private, no-cache");
        if (request.headers["if-none-match"] === etag) return reply.status(304).send(null);
        return reply.send(presentJob(job));
      },
    );

    app.get(
      "/jobs/:id/original",
      {
        schema: {
          tags,
          summary: "The uploaded file as stored, for showing the original beside the review form",
          description:
            "Streams the upload with its stored content type and original file name (Content-Disposition, RFC 5987); never cached. A job created without a file (or whose file is gone) is 404 original_unavailable; another owner's job is 404 not_found like a missing one.",
          params: idParams,
          produces: ["application/pdf", "application/octet-stream"],
          response: {
            200: z.unknown().describe("The uploaded file, byte for byte"),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const original = await jobs.openOriginal(ownerOf(request), request.params.id);
        return reply.headers(original.headers).send(original.stream);
      },
    );

    app.patch(
      "/jobs/:id",
      {
        schema: {
          tags,
          summary: "Edit sections and/or export settings (If-Match required)",
          description:
            "A stale If-Match is 412, unless the body carries `base_sections` (the sections the edit started from): then edits of different fields merge into the newer version, and only fields changed on both sides are 409 edit_conflict with their JSON pointers in `conflicts`.",
          params: idParams,
          headers: ifMatchHeaders,
          body: patchJobBody,
          response: {
            200: patchedJobSchema,
            ...problemResponses,
            413: problemSchema,
            409: problemSchema,
            412: problemSchema,
            428: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const expected = expectedUpdatedAt(request.headers["if-match"]);
        const { job, droppedLinks, mergedWith } = await jobs.update(
          scopeOf(request),
          request.params.id,
          request.body,
          expected,
        );
        return reply.header("etag", jobEtag(job)).send({
          ...presentJob(job),
          ...(droppedLinks.length ? { dropped_links: droppedLinks } : {}),
          ...(mergedWith ? { merged: mergedWith } : {}),
        });
      },
    );

    app.delete(
      "/jobs/:id",
      {
        schema: {
          tags,
          summary: "Delete a job with its tasks, events, artifacts and files",
          params: idParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await jobs.remove(ownerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/jobs/:id/confirm",
      {
        schema: {
          tags,
          summary: "Confirm the parsed sections once (required before optimize and export)",
          description:
            "With If-Match, confirms only the version the client has seen: a stale ETag is 412, so an edit made elsewhere is never confirmed unseen. " +
            "Open review items (the job's `review`) need `acknowledge_flags: true`, else 409 review_flags_open lists them. " +
            "Later edits keep the job confirmed (a person's edit is reviewed); they set `schema_dirty` when exports exist, marking those exports out of date. Confirming again changes nothing.",
          params: idParams,
          headers: confirmHeaders,
          body: confirmBody,
          response: { 200: jobSchema, ...problemResponses, 409: problemSchema, 412: problemSchema },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers["if-match"];
        const job = await jobs.confirm(scopeOf(request), request.params.id, {
          expectedUpdatedAt: ifMatch ? expectedUpdatedAt(ifMatch) : undefined,
          acknowledgeFlags: request.body?.acknowledge_flags ?? false,
        });
        return reply.header("etag", jobEtag(job)).send(presentJob(job));
      },
    );

    app.post(
      "/jobs/:id/optimize",
      {
        schema: {
          tags,
          summary: "Start an optimize task; proposals appear in its result",
          params: idParams,
          headers: idempotencyHeaders,
          body: optimizeBody,
          response: taskAcceptedResponses,
        },
      },
      async (request, reply) => {
        const { task, replayed } = await tasks.startOptimize(
          scopeOf(request),
          request.params.id,
          request.body ?? {},
          request.headers["idempotency-key"],
        );
        return acceptTask(reply, task, replayed);
      },
    );

    app.post(
      "/jobs/:id/proposals/apply",
      {
        schema: {
          tags,
          summary: "Apply accepted proposals of a completed optimize task",
          params: idParams,
          body: applyProposalsBody,
          response: {
            200: z.object({
              job: jobSchema,
              applied: z.array(z.string()),
              stale: z.array(z.string()),
              skipped: z.array(z.string()),
            }),
            ...problemResponses,
            409: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await tasks.applyProposals(
          scopeOf(request),
          request.params.id,
          request.body.task_id,
          request.body.ids,
        );
        return reply.header("etag", jobEtag(result.job)).send({
          job: presentJob(result.job),
          applied: result.applied,
          stale: result.stale,
          skipped: result.skipped,
        });
      },
    );

    app.post(
      "/jobs/:id/exports",
      {
        schema: {
          tags,
          summary: "Start an export task (PDF/DOCX/JSON, optionally bundled as ZIP)",
          params: idParams,
          headers: idempotencyHeaders,
          body: exportBody,
          response: taskAcceptedResponses,
        },
      },
      async (request, reply) => {
        const { task, replayed } = await tasks.startExport(
          scopeOf(request),
          request.params.id,
          request.body,
          request.headers["idempotency-key"],
        );
        return acceptTask(reply, task, replayed);
      },
    );

    app.get(
      "/jobs/:id/artifacts",
      {
        schema: {
          tags: ["artifacts"],
          summary: "Visible artifact versions (latest plus the previous five per kind), newest first",
          params: idParams,
          querystring: artifactsQuery,
          response: { 200: z.object({ items: z.array(artifactSchema) }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const items = await artifacts.list(ownerOf(request), request.params.id, request.query.kind);
        reply.header("cache-control", "no-store");
        return { items: items.map((a) => presentArtifact(a.row, a)) };
      },
    );

    app.get(
      "/jobs/:id/events",
      {
        schema: {
          tags,
          summary: "The job's audit log, oldest first",
          params: idParams,
          querystring: paginationQuery,
          response: { 200: listOf(eventSchema), ...problemResponses },
        },
      },
      async (request) => {
        const page = await jobs.events(ownerOf(request), request.params.id, request.query);
        return { items: page.items.map(presentEvent), next_cursor: page.nextCursor };
      },
    );

    app.get(
      "/jobs/:id/activity",
      {
        schema: {
          tags,
          summary: "The job's activity in plain language: one entry per action, newest first",
          description:
            "Each entry has a message key (`activity.<action>.<status>`) and parameters for the client's message table; trace ids, task ids and attempts are in `details`.",
          params: idParams,
          querystring: activityQuery,
          response: { 200: z.object({ items: z.array(activitySchema) }), ...problemResponses },
        },
      },
      async (request) => ({
        items: await jobs.activity(ownerOf(request), request.params.id, request.query.limit),
      }),
    );
  };
}

function scopeOf(request: FastifyRequest) {
  return { ownerUserId: ownerOf(request), traceId: request.trace.traceId };
}

function markReplay(reply: FastifyReply, replayed: boolean): void {
  if (replayed) reply.header("idempotent-replayed", "true");
}

/** 202 with the task and its polling location; replays say so (IETF Idempotency-Key draft). */
function acceptTask(reply: FastifyReply, task: Parameters<typeof presentTask>[0], replayed: boolean) {
  markReplay(reply, replayed);
  return reply
    .status(202)
    .header("location", `${API_PREFIX}/tasks/${task.id}`)
    .send({ task: presentTask(task) });
}

/** Read the single `file` part into memory (bounded by the configured upload limit). */
async function readUpload(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart()) {
    throw new AppError("unsupported_media_type", "upload the CV as multipart/form-data with a `file` field");
  }
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch (error) {
    if (isFastifyCode(error, "FST_REQ_FILE_TOO_LARGE")) throw tooLarge(maxBytes, error);
    throw error;
  }
  if (part?.fieldname !== "file") {
    throw new AppError("validation_failed", "the multipart body needs a `file` field", {
      details: { errors: [{ path: "body.file", message: "required" }] },
    });
  }
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if (isFastifyCode(error, "FST_REQ_FILE_TOO_LARGE")) throw tooLarge(maxBytes, error);
    throw error;
  }
  return {
    filename: clampText(part.filename || "upload", 255),
    declaredContentType: part.mimetype || undefined,
    bytes,
  };
}

function isFastifyCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}

/** Room for the multipart boundary and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

function tooLarge(maxBytes: number, cause?: unknown): AppError {
  const mb = (maxBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "");
  return new AppError("payload_too_large", `The file is larger than the upload limit of ${mb} MB.`, {
    ...(cause === undefined ? {} : { cause }),
    details: { limit: "upload_max_bytes", max_bytes: maxBytes },
  });
}
