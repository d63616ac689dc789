/**
 * Variant and version routes: derive a variant of a CV for a target, list a master's variants, read a
 * variant's overrides, conflicts and diff, resolve a conflict, promote a change to the master; list,
 * name, compare, restore versions of any CV and undo a restore. A variant's content is edited with the
 * job's own `PATCH /jobs/{id}`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { JobVersionRow } from "../../db/schema.js";
import type { FieldChange } from "../../resume/variant-fields.js";
import { pathKey } from "../../resume/variant-fields.js";
import type { VariantService, VariantView } from "../../services/variant-service.js";
import {
  type JobVersionListItem,
  type JobVersionSummary,
  LISTED_CHANGES,
  type VersionService,
} from "../../services/version-service.js";
import { expectedUpdatedAt } from "../etag.js";
import { jobEtag, presentJob } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import { confirmHeaders, jobSchema, listOf, problemResponses, problemSchema } from "../schemas.js";

const uuid = z.uuid();
const jobParams = z.object({ id: uuid });
const versionParams = z.object({ id: uuid, versionId: uuid });
/** A field path as `work/@e1/name`: keys, and list entries by `@id`. */
const fieldPath = z
  .string()
  .min(1)
  .max(500)
  .describe("A field: keys joined by `/`, list entries as `@entry-id` (e.g. `work/@e1/name`)");

const targetSchema = z.object({
  company: z.string().max(200).optional(),
  role: z.string().max(200).optional(),
  posting_url: z.url().max(2_000).optional(),
  posting: z.string().max(100_000).optional(),
});

const conflictSchema = z.object({
  path: z.string(),
  mine: z.unknown().describe("The variant's value (null: removed)"),
  master: z.unknown().describe("The master's current value (null: absent)"),
});

const variantSchema = z.object({
  job_id: uuid,
  master_job_id: uuid,
  target: targetSchema,
  overridden: z.array(z.string()).describe("Fields the variant changed"),
  conflicts: z.array(conflictSchema),
  job: jobSchema,
  last_export_at: z.string().nullable().optional().describe("In lists: the variant's newest export"),
  last_shared_at: z.string().nullable().optional().describe("In lists: the variant's newest share link"),
  created_at: z.string(),
  updated_at: z.string(),
});

const changeSchema = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

const versionSummarySchema = z.object({
  id: uuid,
  job_id: uuid,
  number: z.number().int(),
  name: z.string().nullable(),
  reason: z.enum(["edit", "snapshot", "restore"]),
  restored_from_id: uuid.nullable(),
  replaced_version_id: uuid.nullable(),
  created_at: z.string(),
});
const versionSchema = versionSummarySchema.extend({ sections: z.record(z.string(), z.unknown()) });
const versionListItemSchema = versionSummarySchema.extend({
  changes: z
    .object({
      count: z.number().int().describe("How many fields differ from the version before"),
      paths: z.array(z.string()).describe(`The first ${LISTED_CHANGES} of them, in document order`),
    })
    .nullable()
    .describe("What changed since the version before; null for the oldest kept version"),
});

function presentVariant(view: VariantView): z.infer<typeof variantSchema> {
  return {
    job_id: view.variant.jobId,
    master_job_id: view.variant.masterJobId,
    target: view.variant.target as z.infer<typeof targetSchema>,
    overridden: (view.variant.overrides as { path: string[] }[]).map((o) => pathKey(o.path)),
    conflicts: view.conflicts.map((c) => ({ path: pathKey(c.path), mine: c.mine, master: c.master })),
    job: presentJob(view.job),
    ...(view.lastExportAt !== undefined ? { last_export_at: view.lastExportAt?.toISOString() ?? null } : {}),
    ...(view.lastSharedAt !== undefined ? { last_shared_at: view.lastSharedAt?.toISOString() ?? null } : {}),
    created_at: view.variant.createdAt.toISOString(),
    updated_at: view.variant.updatedAt.toISOString(),
  };
}

function presentChange(c: FieldChange): z.infer<typeof changeSchema> {
  return {
    path: pathKey(c.path),
    ...("before" in c ? { before: c.before } : {}),
    ...("after" in c ? { after: c.after } : {}),
  };
}

function presentVersion(row: JobVersionSummary): z.infer<typeof versionSummarySchema> {
  return {
    id: row.id,
    job_id: row.jobId,
    number: row.number,
    name: row.name,
    reason: row.reason,
    restored_from_id: row.restoredFromId,
    replaced_version_id: row.replacedVersionId,
    created_at: row.createdAt.toISOString(),
  };
}

function presentListedVersion(row: JobVersionListItem): z.infer<typeof versionListItemSchema> {
  return {
    ...presentVersion(row),
    changes: row.changes && { count: row.changes.count, paths: row.changes.paths.map(pathKey) },
  };
}

const presentFullVersion = (row: JobVersionRow) => ({ ...presentVersion(row), sections: row.sections });

const scopeOf = (request: FastifyRequest) => ({
  ownerUserId: ownerOf(request),
  traceId: request.trace.traceId,
});
const splitPath = (path: string) => path.split("/");

export function variantRoutes(deps: { variants: VariantService; versions: VersionService }) {
  const { variants, versions } = deps;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const vtags = ["variants"];

    app.post(
      "/jobs/:id/variants",
      {
        schema: {
          tags: vtags,
          summary: "Derive a variant of this CV for a target (company, role, posting)",
          params: jobParams,
          body: targetSchema,
          response: { 201: variantSchema, ...problemResponses, 403: problemSchema, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const view = await variants.create(scopeOf(request), request.params.id, request.body);
        return reply.code(201).header("etag", jobEtag(view.job)).send(presentVariant(view));
      },
    );

    app.get(
      "/jobs/:id/variants",
      {
        schema: {
          tags: vtags,
          summary: "The CV's variants with their targets and open conflicts",
          params: jobParams,
          response: { 200: listOf(variantSchema), ...problemResponses },
        },
      },
      async (request) => {
        const views = await variants.list(scopeOf(request), request.params.id);
        return { items: views.map(presentVariant), next_cursor: null };
      },
    );

    app.get(
      "/variants/:id",
      {
        schema: {
          tags: vtags,
          summary: "A variant: its target, overridden fields and conflicts with its master",
          params: jobParams,
          response: { 200: variantSchema, ...problemResponses },
        },
      },
      async (request) => presentVariant(await variants.get(scopeOf(request), request.params.id)),
    );

    app.get(
      "/variants/:id/diff",
      {
        schema: {
          tags: vtags,
          summary: "The fields where the variant differs from its master (before: master, after: variant)",
          params: jobParams,
          response: { 200: z.object({ changes: z.array(changeSchema) }), ...problemResponses },
        },
      },
      async (request) => ({
        changes: (await variants.diff(scopeOf(request), request.params.id)).map(presentChange),
      }),
    );

    app.post(
      "/variants/:id/conflicts/resolve",
      {
        schema: {
          tags: vtags,
          summary: "Resolve a conflict: keep the variant's value or take the master's",
          params: jobParams,
          body: z.object({ path: fieldPath, choice: z.enum(["keep_mine", "take_master"]) }),
          response: { 200: variantSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const view = await variants.resolve(
          scopeOf(request),
          request.params.id,
          splitPath(request.body.path),
          request.body.choice,
        );
        return reply.header("etag", jobEtag(view.job)).send(presentVariant(view));
      },
    );

    app.post(
      "/variants/:id/promote",
      {
        schema: {
          tags: vtags,
          summary: "Carry the variant's value of one field into its master (and every other variant)",
          params: jobParams,
          body: z.object({ path: fieldPath }),
          response: { 200: z.object({ master: jobSchema }), ...problemResponses, 409: problemSchema },
        },
      },
      async (request) => {
        const { master } = await variants.promote(
          scopeOf(request),
          request.params.id,
          splitPath(request.body.path),
        );
        return { master: presentJob(master) };
      },
    );

    const tags = ["versions"];

    app.get(
      "/jobs/:id/versions",
      {
        schema: {
          tags,
          summary: "The CV's kept versions, newest first (named ones are kept; unnamed: the newest 50)",
          params: jobParams,
          response: { 200: listOf(versionListItemSchema), ...problemResponses },
        },
      },
      async (request) => {
        const rows = await versions.list(scopeOf(request), request.params.id);
        return { items: rows.map(presentListedVersion), next_cursor: null };
      },
    );

    app.post(
      "/jobs/:id/versions",
      {
        schema: {
          tags,
          summary: "Keep the CV's current sections as a named version",
          params: jobParams,
          body: z.object({ name: z.string().trim().min(1).max(200) }),
          response: { 201: versionSchema, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const row = await versions.snapshot(scopeOf(request), request.params.id, request.body.name);
        return reply.code(201).send(presentFullVersion(row));
      },
    );

    app.get(
      "/jobs/:id/versions/compare",
      {
        schema: {
          tags,
          summary: "Field-level differences between two versions",
          params: jobParams,
          querystring: z.object({ from: uuid, to: uuid }),
          response: { 200: z.object({ changes: z.array(changeSchema) }), ...problemResponses },
        },
      },
      async (request) => ({
        changes: (
          await versions.compare(scopeOf(request), request.params.id, request.query.from, request.query.to)
        ).map(presentChange),
      }),
    );

    app.get(
      "/jobs/:id/versions/:versionId",
      {
        schema: {
          tags,
          summary: "One version with its sections",
          params: versionParams,
          response: { 200: versionSchema, ...problemResponses },
        },
      },
      async (request) =>
        presentFullVersion(await versions.get(scopeOf(request), request.params.id, request.params.versionId)),
    );

    app.patch(
      "/jobs/:id/versions/:versionId",
      {
        schema: {
          tags,
          summary: "Name a version, or unname it (null)",
          params: versionParams,
          body: z.object({ name: z.string().trim().min(1).max(200).nullable() }),
          response: { 200: versionSummarySchema, ...problemResponses },
        },
      },
      async (request) =>
        presentVersion(
          await versions.rename(
            scopeOf(request),
            request.params.id,
            request.params.versionId,
            request.body.name,
          ),
        ),
    );

    const restoreResponse = z.object({ job: jobSchema, version: versionSummarySchema });

    app.post(
      "/jobs/:id/versions/:versionId/restore",
      {
        schema: {
          tags,
          summary: "Restore a version: the CV's sections become the version's, as a new version",
          params: versionParams,
          headers: confirmHeaders,
          response: { 200: restoreResponse, ...problemResponses, 412: problemSchema },
        },
      },
      async (request, reply) => {
        const header = request.headers["if-match"];
        const { job, version } = await versions.restore(
          scopeOf(request),
          request.params.id,
          request.params.versionId,
          header ? expectedUpdatedAt(header) : undefined,
        );
        return reply
          .header("etag", jobEtag(job))
          .send({ job: presentJob(job), version: presentVersion(version) });
      },
    );

    app.post(
      "/jobs/:id/versions/:versionId/undo",
      {
        schema: {
          tags,
          summary: "Undo a restore (the version named is the restore): the state it replaced comes back",
          params: versionParams,
          response: { 200: restoreResponse, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const { job, version } = await versions.undo(
          scopeOf(request),
          request.params.id,
          request.params.versionId,
        );
        return reply
          .header("etag", jobEtag(job))
          .send({ job: presentJob(job), version: presentVersion(version) });
      },
    );
  };
}
