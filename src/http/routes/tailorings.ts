/**
 * Tailoring routes: the kept work of tailoring a CV to a posting — read it,
 * decide and edit proposals, answer questions, apply and undo, draft, edit
 * and export the cover letter. Starting (or re-running) one is `POST /jobs/{id}/optimize`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_PREFIX } from "../../api-paths.js";
import type { TailoringRow, TaskRow } from "../../db/schema.js";
import { coverLetterSchema } from "../../resume/cover-letter/cover-letter.js";
import { jobAnalysisSchema } from "../../resume/job/analysis.js";
import { fitReportSchema } from "../../resume/job/fit-report.js";
import { questionSchema } from "../../resume/optimize/index.js";
import { storedProposalSchema } from "../../resume/optimize/stored-proposals.js";
import type { TailoringService } from "../../services/tailoring-service.js";
import type { TaskService } from "../../services/task-service.js";
import { expectedUpdatedAt } from "../etag.js";
import { jobEtag, presentJob, presentTask } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import {
  coverLetterFormats,
  idempotencyHeaders,
  jobSchema,
  listOf,
  problemResponses,
  problemSchema,
  taskSchema,
} from "../schemas.js";

const tags = ["tailorings"];
const uuid = z.uuid();
const params = z.object({ id: uuid, tailoringId: uuid });
const proposalParams = params.extend({ proposalId: z.string().min(1).max(64) });
const ifMatch = z.object({
  "if-match": z.string().max(200).optional().describe("The tailoring's ETag; optional, 412 when stale"),
});

export const answerSchema = z.object({
  question_id: z.string().max(32),
  question: z.string().max(2_500),
  answer: z.string().max(2_000),
});

export const tailoringSchema = z.object({
  id: uuid,
  job_id: uuid,
  posting: z.string(),
  engine: z.enum(["builtin", "llm"]),
  task_id: uuid.nullable(),
  analysis: jobAnalysisSchema.nullable(),
  fit: fitReportSchema.nullable(),
  proposals: z.array(storedProposalSchema),
  questions: z.array(questionSchema),
  answers: z.array(answerSchema),
  cover_letter: coverLetterSchema.nullable(),
  /** How many applies can be undone. */
  undo_depth: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

const tailoringSummarySchema = tailoringSchema
  .pick({ id: true, job_id: true, engine: true, created_at: true, updated_at: true })
  .extend({
    title: z.string().nullable(),
    company: z.string().nullable(),
    score: z.number().nullable(),
  });

function present(row: TailoringRow): z.infer<typeof tailoringSchema> {
  return {
    id: row.id,
    job_id: row.jobId,
    posting: row.posting,
    engine: row.engine,
    task_id: row.taskId,
    analysis: (row.analysis as z.infer<typeof jobAnalysisSchema> | null) ?? null,
    fit: (row.fit as z.infer<typeof fitReportSchema> | null) ?? null,
    proposals: row.proposals as z.infer<typeof storedProposalSchema>[],
    questions: row.questions as z.infer<typeof questionSchema>[],
    answers: row.answers as z.infer<typeof answerSchema>[],
    cover_letter: (row.coverLetter as z.infer<typeof coverLetterSchema> | null) ?? null,
    undo_depth: (row.history as unknown[]).length,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const etag = (row: TailoringRow) => `"${row.updatedAt.toISOString()}"`;
const scopeOf = (request: FastifyRequest) => ({
  ownerUserId: ownerOf(request),
  traceId: request.trace.traceId,
});
/** 202 with the task and its polling location; replays say so. */
function acceptTask(reply: FastifyReply, task: TaskRow, replayed: boolean) {
  if (replayed) reply.header("idempotent-replayed", "true");
  return reply
    .status(202)
    .header("location", `${API_PREFIX}/tasks/${task.id}`)
    .send({ task: presentTask(task) });
}

const optionalMatch = (header: string | undefined) => (header ? expectedUpdatedAt(header) : undefined);

export function tailoringRoutes(deps: { tailorings: TailoringService; tasks: TaskService }) {
  const { tailorings, tasks } = deps;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      "/jobs/:id/tailorings",
      {
        schema: {
          tags,
          summary: "The job's tailorings (postings it was tailored to), newest first",
          params: z.object({ id: uuid }),
          response: { 200: listOf(tailoringSummarySchema), ...problemResponses },
        },
      },
      async (request) => {
        const rows = await tailorings.list(scopeOf(request), request.params.id);
        return {
          items: rows.map((r) => ({
            id: r.id,
            job_id: r.jobId,
            engine: r.engine,
            created_at: r.createdAt.toISOString(),
            updated_at: r.updatedAt.toISOString(),
            title: ((r.analysis as { title?: string | null } | null)?.title ?? null) as string | null,
            company: ((r.analysis as { company?: string | null } | null)?.company ?? null) as string | null,
            score: ((r.fit as { score?: number } | null)?.score ?? null) as number | null,
          })),
          next_cursor: null,
        };
      },
    );

    app.get(
      "/jobs/:id/tailorings/:tailoringId",
      {
        schema: {
          tags,
          summary:
            "A tailoring: posting, analysis, fit report, proposals with decisions, questions, cover letter",
          params,
          response: { 200: tailoringSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const row = await tailorings.get(scopeOf(request), request.params.id, request.params.tailoringId);
        return reply.header("etag", etag(row)).send(present(row));
      },
    );

    app.patch(
      "/jobs/:id/tailorings/:tailoringId/proposals/:proposalId",
      {
        schema: {
          tags,
          summary: "Accept, reject or reset a proposal, or edit its text before accepting",
          params: proposalParams,
          headers: ifMatch,
          body: z.object({
            status: z.enum(["pending", "accepted", "rejected"]).optional(),
            edited: z
              .union([z.string().max(5_000), z.array(z.string().max(300)).max(200)])
              .nullable()
              .optional(),
          }),
          response: { 200: tailoringSchema, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const { id, tailoringId, proposalId } = request.params;
        const row = await tailorings.decide(
          scopeOf(request),
          id,
          tailoringId,
          proposalId,
          request.body,
          optionalMatch(request.headers["if-match"]),
        );
        return reply.header("etag", etag(row)).send(present(row));
      },
    );

    app.put(
      "/jobs/:id/tailorings/:tailoringId/answers",
      {
        schema: {
          tags,
          summary:
            "Answer questions (an empty answer removes one); re-run optimize with tailoring_id to use them",
          params,
          body: z.object({
            answers: z
              .array(z.object({ question_id: z.string().max(32), answer: z.string().max(2_000) }))
              .max(50),
          }),
          response: { 200: tailoringSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const row = await tailorings.answer(
          scopeOf(request),
          request.params.id,
          request.params.tailoringId,
          request.body.answers,
        );
        return reply.header("etag", etag(row)).send(present(row));
      },
    );

    const applyResponse = z.object({
      job: jobSchema,
      tailoring: tailoringSchema,
      applied: z.array(z.string()),
      stale: z.array(z.string()),
      skipped: z.array(z.string()),
    });
    app.post(
      "/jobs/:id/tailorings/:tailoringId/apply",
      {
        schema: {
          tags,
          summary: "Apply the accepted proposals (or the given ids) to the CV; undoable",
          params,
          body: z.object({ ids: z.array(z.string().min(1).max(64)).max(500).optional() }).default({}),
          response: { 200: applyResponse, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const r = await tailorings.apply(
          scopeOf(request),
          request.params.id,
          request.params.tailoringId,
          request.body?.ids,
        );
        return reply.header("etag", jobEtag(r.job)).send({
          job: presentJob(r.job),
          tailoring: present(r.tailoring),
          applied: r.applied,
          stale: r.stale,
          skipped: r.skipped,
        });
      },
    );

    app.post(
      "/jobs/:id/tailorings/:tailoringId/undo",
      {
        schema: {
          tags,
          summary: "Undo the last apply (409 when the CV was edited since)",
          params,
          response: {
            200: z.object({ job: jobSchema, tailoring: tailoringSchema }),
            ...problemResponses,
            409: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await tailorings.undo(scopeOf(request), request.params.id, request.params.tailoringId);
        return reply
          .header("etag", jobEtag(r.job))
          .send({ job: presentJob(r.job), tailoring: present(r.tailoring) });
      },
    );

    app.post(
      "/jobs/:id/tailorings/:tailoringId/cover-letter/draft",
      {
        schema: {
          tags,
          summary:
            "Draft a cover letter: the template (company, role, strongest matched achievements) at once, or the configured language model as a task",
          description:
            "With `engine: builtin` (the default without a model) the draft is kept and the tailoring returned (200). With `engine: llm` (the default when a model is configured) a `cover_letter` task is queued (202); its guarded draft is kept on the tailoring when it completes.",
          params,
          headers: idempotencyHeaders,
          body: z.object({ engine: z.enum(["builtin", "llm"]).optional() }).default({}),
          response: {
            200: tailoringSchema,
            202: z.object({ task: taskSchema }),
            ...problemResponses,
            409: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const drafted = await tailorings.draftCoverLetter(
          scopeOf(request),
          request.params.id,
          request.params.tailoringId,
          { engine: request.body?.engine, idempotencyKey: request.headers["idempotency-key"] },
        );
        if ("task" in drafted) return acceptTask(reply, drafted.task, drafted.replayed);
        return reply.header("etag", etag(drafted.tailoring)).send(present(drafted.tailoring));
      },
    );

    app.post(
      "/jobs/:id/tailorings/:tailoringId/cover-letter/exports",
      {
        schema: {
          tags,
          summary:
            "Export the kept cover letter as versioned PDF and/or DOCX artifacts in the CV's design (an export task)",
          params,
          headers: idempotencyHeaders,
          body: z
            .object({
              formats: coverLetterFormats.default(["pdf", "docx"]),
              bundle: z.boolean().default(false),
            })
            .default({ formats: ["pdf", "docx"], bundle: false }),
          response: { 202: z.object({ task: taskSchema }), ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const { id, tailoringId } = request.params;
        const { task, replayed } = await tasks.startExport(
          scopeOf(request),
          id,
          {
            formats: [],
            bundle: request.body.bundle,
            cover_letter: { tailoring_id: tailoringId, formats: request.body.formats },
          },
          request.headers["idempotency-key"],
        );
        return acceptTask(reply, task, replayed);
      },
    );

    app.get(
      "/jobs/:id/tailorings/:tailoringId/cover-letter.:format",
      {
        schema: {
          tags,
          summary: "The cover letter as PDF or DOCX, in the CV's export design",
          params: params.extend({ format: z.enum(["pdf", "docx"]) }),
          response: { 200: z.any(), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { bytes, filename } = await tailorings.renderCoverLetter(
          scopeOf(request),
          request.params.id,
          request.params.tailoringId,
          request.params.format,
        );
        return reply
          .header(
            "content-type",
            request.params.format === "pdf"
              ? "application/pdf"
              : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          )
          .header("content-disposition", `attachment; filename="${filename}"`)
          .send(bytes);
      },
    );

    app.put(
      "/jobs/:id/tailorings/:tailoringId/cover-letter",
      {
        schema: {
          tags,
          summary: "Save the cover letter as the user edited it",
          params,
          headers: ifMatch,
          body: coverLetterSchema,
          response: { 200: tailoringSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const row = await tailorings.saveCoverLetter(
          scopeOf(request),
          request.params.id,
          request.params.tailoringId,
          request.body,
          optionalMatch(request.headers["if-match"]),
        );
        return reply.header("etag", etag(row)).send(present(row));
      },
    );
  };
}
