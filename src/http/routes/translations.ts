/**
 * Translation routes: a job's CV in other languages. Create one (a `translate` task fills it in),
 * read it (the current primary with the translated texts, and which fields are out of date), edit
 * fields (each edited field becomes current), refresh the out-of-date fields, delete it. Exports in
 * a translation's language are `POST /jobs/{id}/exports` with `languages`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_PREFIX } from "../../api-paths.js";
import type { TaskRow } from "../../db/schema.js";
import { MODEL_LIMITS, resumeSchema } from "../../resume/model.js";
import { currentTranslation } from "../../resume/translate/compose.js";
import {
  FIELD_STATES,
  type FieldRecords,
  primaryLanguageOf,
  staleFields,
} from "../../resume/translate/fields.js";
import type { TranslationService, TranslationView } from "../../services/translation-service.js";
import { expectedUpdatedAt } from "../etag.js";
import { presentTask } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import { idempotencyHeaders, problemResponses, problemSchema, taskSchema } from "../schemas.js";

const tags = ["translations"];
const uuid = z.uuid();
const language = z
  .string()
  .regex(/^[a-z]{2,3}$/)
  .describe('BCP-47 primary language subtag ("de", "fr")');
const params = z.object({ id: uuid, translationId: uuid });
const ifMatch = z.object({
  "if-match": z.string().max(200).optional().describe("The translation's ETag; optional, 412 when stale"),
});

export const staleFieldSchema = z.object({
  key: z.string().describe("Field key, stable across reordering (`work[<id>].positions[<id>].highlights.2`)"),
  path: z.string().describe("Dotted path of the field in `sections`"),
  reason: z.enum(["source_changed", "new", "needs_translation"]),
  source: z.string().describe("The primary's text now"),
  translated: z.string().describe("The translation's text (empty when it has none)"),
});

export const translationSchema = z.object({
  id: uuid,
  job_id: uuid,
  language,
  source_language: language,
  engine: z.enum(["copy", "llm"]),
  task_id: uuid.nullable(),
  sections: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("The CV in this language (the resume model); null until the first translate run ends"),
  fields: z
    .record(z.string(), z.object({ source_sha256: z.string(), state: z.enum(FIELD_STATES) }))
    .describe("Per field key: the sha256 of the source text it was translated from, and how"),
  out_of_date: z.array(staleFieldSchema),
  created_at: z.string(),
  updated_at: z.string(),
});

const translationSummarySchema = translationSchema
  .pick({
    id: true,
    job_id: true,
    language: true,
    source_language: true,
    engine: true,
    task_id: true,
    created_at: true,
    updated_at: true,
  })
  .extend({ out_of_date_count: z.number().int(), ready: z.boolean() });

function present({ row, primary }: TranslationView): z.infer<typeof translationSchema> {
  const stored = row.sections ? resumeSchema.parse(row.sections) : null;
  return {
    id: row.id,
    job_id: row.jobId,
    language: row.language,
    source_language: primaryLanguageOf(primary),
    engine: row.engine,
    task_id: row.taskId,
    sections: stored
      ? (currentTranslation(primary, row.language, stored) as unknown as Record<string, unknown>)
      : null,
    fields: row.fields as FieldRecords,
    out_of_date: staleFields(primary, stored, row.fields as FieldRecords),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const etag = (view: TranslationView) => `"${view.row.updatedAt.toISOString()}"`;
const scopeOf = (request: FastifyRequest) => ({
  ownerUserId: ownerOf(request),
  traceId: request.trace.traceId,
});

function accepted(reply: FastifyReply, task: TaskRow, replayed: boolean) {
  if (replayed) reply.header("idempotent-replayed", "true");
  return reply.status(202).header("location", `${API_PREFIX}/tasks/${task.id}`);
}

export function translationRoutes(deps: { translations: TranslationService }) {
  const { translations } = deps;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      "/jobs/:id/translations",
      {
        schema: {
          tags,
          summary: "The job's translations, by language",
          params: z.object({ id: uuid }),
          response: {
            200: z.object({ source_language: language, items: z.array(translationSummarySchema) }),
            ...problemResponses,
            409: problemSchema,
          },
        },
      },
      async (request) => {
        const { primary, rows } = await translations.list(scopeOf(request), request.params.id);
        return {
          source_language: primaryLanguageOf(primary),
          items: rows.map((row) => {
            const stored = row.sections ? resumeSchema.parse(row.sections) : null;
            return {
              id: row.id,
              job_id: row.jobId,
              language: row.language,
              source_language: primaryLanguageOf(primary),
              engine: row.engine,
              task_id: row.taskId,
              created_at: row.createdAt.toISOString(),
              updated_at: row.updatedAt.toISOString(),
              out_of_date_count: staleFields(primary, stored, row.fields as FieldRecords).length,
              ready: stored !== null,
            };
          }),
        };
      },
    );

    app.post(
      "/jobs/:id/translations",
      {
        schema: {
          tags,
          summary:
            "Translate the CV into another language: a translate task fills the translation in (with a configured language model, machine-translated under guards; without one, copied and marked as needing translation)",
          params: z.object({ id: uuid }),
          headers: idempotencyHeaders,
          body: z.object({ language }),
          response: {
            202: z.object({ translation: translationSchema, task: taskSchema }),
            ...problemResponses,
            409: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const created = await translations.create(
          scopeOf(request),
          request.params.id,
          request.body.language,
          request.headers["idempotency-key"],
        );
        return accepted(reply, created.task, created.replayed)
          .header("etag", etag(created))
          .send({ translation: present(created), task: presentTask(created.task) });
      },
    );

    app.get(
      "/jobs/:id/translations/:translationId",
      {
        schema: {
          tags,
          summary: "A translation: its sections, field records and out-of-date fields",
          params,
          response: { 200: translationSchema, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const view = await translations.get(
          scopeOf(request),
          request.params.id,
          request.params.translationId,
        );
        return reply.header("etag", etag(view)).send(present(view));
      },
    );

    app.get(
      "/jobs/:id/translations/:translationId/out-of-date",
      {
        schema: {
          tags,
          summary:
            "The translation's fields that need attention: source changed since translated, new in the source, or still a copy",
          params,
          response: {
            200: z.object({ items: z.array(staleFieldSchema) }),
            ...problemResponses,
            409: problemSchema,
          },
        },
      },
      async (request) => {
        const view = await translations.get(
          scopeOf(request),
          request.params.id,
          request.params.translationId,
        );
        return { items: present(view).out_of_date };
      },
    );

    app.patch(
      "/jobs/:id/translations/:translationId",
      {
        schema: {
          tags,
          summary: "Edit translated fields by key; each edited field is marked current (up to date)",
          params,
          headers: ifMatch,
          body: z.object({
            fields: z
              .array(
                z.object({
                  key: z.string().min(1).max(300),
                  text: z.string().max(MODEL_LIMITS.longText),
                }),
              )
              .min(1)
              .max(500),
          }),
          response: { 200: translationSchema, ...problemResponses, 409: problemSchema, 412: problemSchema },
        },
      },
      async (request, reply) => {
        const header = request.headers["if-match"];
        const view = await translations.editFields(
          scopeOf(request),
          request.params.id,
          request.params.translationId,
          request.body.fields,
          header ? expectedUpdatedAt(header) : undefined,
        );
        return reply.header("etag", etag(view)).send(present(view));
      },
    );

    app.post(
      "/jobs/:id/translations/:translationId/refresh",
      {
        schema: {
          tags,
          summary:
            "Queue a translate task for the fields that need it (new fields; with a language model also out-of-date and copied ones)",
          params,
          headers: idempotencyHeaders,
          response: {
            202: z.object({ task: taskSchema }),
            ...problemResponses,
            409: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const { task, replayed } = await translations.refresh(
          scopeOf(request),
          request.params.id,
          request.params.translationId,
          request.headers["idempotency-key"],
        );
        return accepted(reply, task, replayed).send({ task: presentTask(task) });
      },
    );

    app.delete(
      "/jobs/:id/translations/:translationId",
      {
        schema: {
          tags,
          summary: "Delete a translation",
          params,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await translations.delete(scopeOf(request), request.params.id, request.params.translationId);
        return reply.status(204).send(null);
      },
    );
  };
}
