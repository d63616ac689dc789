/**
 * The `export` task: confirmed sections + export settings → versioned artifacts.
 *
 * Effects happen exactly once however often the task is retried:
 * 1. render every requested format in memory (PDF/DOCX/JSON);
 * 2. write the blobs to paths derived from (task, kind), so a retry overwrites
 *    its own earlier upload rather than adding one;
 * 3. in ONE fenced transaction, insert the artifact rows with gapless versions
 *    and move the latest pointers (`createNextVersions`); with a bundle, build
 *    the ZIP (its manifest names those versions), upload it and add its row in
 *    the same transaction. A retry after a crash finds the rows it already
 *    committed (UNIQUE (task_id, kind)) and adds none.
 * A blob store outage fails step 2 as a retryable error before any row exists,
 * so there is never an artifact row without its blob.
 *
 * When the job has not changed since it was read (same `updated_at`), the
 * commit also clears `schema_dirty`: the exported files match the job again.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import packageJson from "../../../package.json" with { type: "json" };
import type { Tx } from "../../db/client.js";
import { findOwnedById } from "../../db/owner-read.js";
import { ArtifactRepository } from "../../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { type ArtifactKind, jobs } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { createExportMetrics } from "../../observability/metrics.js";
import { type Resume, resumeSchema } from "../../resume/model.js";
import {
  buildBundle,
  type FontSet,
  renderDocx,
  renderJsonResume,
  renderPdf,
} from "../../resume/render/index.js";
import { type ExportSettings, exportSettingsSchema, TEMPLATE_IDS } from "../../resume/settings.js";
import { taskArtifactBlobPath } from "../../storage/blob-paths.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const exportInput = z.object({
  job_id: z.uuid(),
  formats: z
    .array(z.enum(["pdf", "docx", "json"]))
    .min(1)
    .max(3),
  bundle: z.boolean().default(false),
  template: z.enum(TEMPLATE_IDS).optional(),
  page_size: z.enum(["A4", "Letter"]).optional(),
});
export type ExportInput = z.infer<typeof exportInput>;

const CONTENT_TYPES: Record<ArtifactKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  json: "application/json",
  zip: "application/zip",
};

const GENERATOR = { name: "resume-agent", version: packageJson.version };

type RenderedFile = { kind: ArtifactKind; filename: string; bytes: Buffer; sha256: string };
type StoredFile = RenderedFile & { blobPath: string };

/** Write one file to its (task, kind) path: a retry overwrites its own earlier upload. */
async function store(
  deps: HandlerDeps,
  owner: string,
  jobId: string,
  taskId: string,
  f: RenderedFile,
): Promise<StoredFile> {
  const blobPath = taskArtifactBlobPath(owner, jobId, f.kind, taskId, f.filename);
  await deps.blobStore.put(blobPath, f.bytes, { contentType: CONTENT_TYPES[f.kind] });
  return { ...f, blobPath };
}

export function createExportHandler(deps: HandlerDeps) {
  const exportMetrics = createExportMetrics(deps.metrics);
  return defineHandler({
    type: "export",
    input: exportInput,
    timeoutMs: 120_000,
    retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 },
    async run(input: ExportInput, ctx: TaskContext) {
      const owner = ctx.task.ownerUserId;
      const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
      if (!job) throw new AppError("not_found", "the job no longer exists", { retryable: false });
      if (!job.sections || !job.cvSectionsConfirmed) {
        throw new AppError("sections_not_confirmed", "the job's sections are not confirmed", {
          retryable: false,
        });
      }
      const resume = resumeSchema.parse(job.sections);
      const settings = exportSettingsSchema.parse({
        ...(job.currentSchema ?? {}),
        ...(input.template ? { template: input.template } : {}),
        ...(input.page_size ? { page_size: input.page_size } : {}),
      });
      const sourceUpdatedAt = job.updatedAt;
      const baseName = fileBaseName(resume);

      const files = await renderAll(resume, settings, input, baseName, ctx, deps.fonts);

      await ctx.reportProgress("uploading", 80);
      const stored: StoredFile[] = [];
      for (const f of files) stored.push(await store(deps, owner, job.id, ctx.task.id, f));
      if (input.bundle) await ctx.reportProgress("bundling", 90);

      const committed = await ctx.fencedTransaction(async (tx) => {
        const metadata = {
          template: settings.template,
          page_size: settings.page_size,
          source_updated_at: sourceUpdatedAt.toISOString(),
        };
        const expiresAt = new Date(ctx.now().getTime() + deps.config.retention.artifactDays * 86_400_000);
        const row = (f: StoredFile) => ({
          job_id: job.id,
          owner_user_id: owner,
          task_id: ctx.task.id,
          kind: f.kind,
          blob_path: f.blobPath,
          filename: f.filename,
          content_type: CONTENT_TYPES[f.kind],
          size_bytes: f.bytes.length,
          sha256: f.sha256,
          metadata,
          expires_at: expiresAt,
        });
        const artifacts = new ArtifactRepository(tx);
        // The counters are locked in LOCK_ORDER (files, then the bundle), so two exports of one job
        // cannot deadlock, and a retry gets back the rows it already committed (UNIQUE (task_id, kind)).
        const out = await artifacts.createNextVersions(stored.map(row));
        if (input.bundle) {
          // The bundle is built here, after the files' versions exist, so its manifest can name them; the
          // counters stay locked meanwhile, and a failed upload rolls back every version: no gaps.
          const existing = await artifacts.findByTask(ctx.task.id, "zip", owner);
          const versions = Object.fromEntries(out.map(({ artifact }) => [artifact.kind, artifact.version]));
          const zip = existing
            ? undefined
            : await store(
                deps,
                owner,
                job.id,
                ctx.task.id,
                file(
                  "zip",
                  `${baseName}.zip`,
                  await buildBundle(
                    files.map((f) => ({ filename: f.filename, bytes: f.bytes })),
                    {
                      job_id: job.id,
                      template: settings.template,
                      page_size: settings.page_size,
                      source_updated_at: sourceUpdatedAt.toISOString(),
                      job_description_sha256: resume.meta.optimized_for?.job_description_sha256 ?? null,
                      artifact_versions: versions,
                      generator: GENERATOR,
                    },
                  ),
                ),
              );
          out.push(
            zip ? await artifacts.createNextVersion(row(zip)) : { artifact: existing!, created: false },
          );
        }
        const clean = await clearDirtyIfUnchanged(tx, job.id, owner, sourceUpdatedAt);
        await new JobEventRepository(tx).append({
          job_id: job.id,
          owner_user_id: owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "export",
          payload: {
            artifacts: out.map(({ artifact }) => ({ kind: artifact.kind, version: artifact.version })),
            template: settings.template,
            up_to_date: clean,
          },
        });
        return out;
      });
      for (const { artifact, created } of committed) {
        if (created) exportMetrics.observeArtifact({ kind: artifact.kind, sizeBytes: artifact.sizeBytes });
      }
      return {
        artifacts: committed.map(({ artifact }) => ({
          id: artifact.id,
          kind: artifact.kind,
          version: artifact.version,
        })),
      };
    },
  });
}

async function renderAll(
  resume: Resume,
  settings: ExportSettings,
  input: ExportInput,
  baseName: string,
  ctx: TaskContext,
  fonts: () => FontSet,
): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  const formats = [...input.formats];
  for (const [i, format] of formats.entries()) {
    ctx.signal.throwIfAborted();
    await ctx.reportProgress(`rendering ${format}`, 10 + Math.round((60 * i) / formats.length));
    if (format === "pdf")
      files.push(file("pdf", `${baseName}.pdf`, await renderPdf(resume, settings, { fonts: fonts() })));
    if (format === "docx") files.push(file("docx", `${baseName}.docx`, await renderDocx(resume, settings)));
    if (format === "json") files.push(file("json", `${baseName}.json`, renderJsonResume(resume)));
  }
  return files;
}

function file(kind: ArtifactKind, filename: string, bytes: Buffer): RenderedFile {
  return { kind, filename, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** `Jane Doe` → `jane-doe-resume`; the display name lives in the row, this is only the download name. */
export function fileBaseName(resume: Resume): string {
  const slug = resume.basics.name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug ? `${slug}-resume` : "resume";
}

/**
 * Clear `schema_dirty` only when the job still has the `updated_at` the export
 * read: an edit made while rendering keeps the flag set. Returns whether it cleared.
 */
async function clearDirtyIfUnchanged(tx: Tx, jobId: string, owner: string, readAt: Date): Promise<boolean> {
  const unchanged = and(eq(jobs.id, jobId), eq(jobs.ownerUserId, owner), eq(jobs.updatedAt, readAt));
  // Only a dirty job is written, so a clean job's ETag (updated_at) survives an export untouched.
  const cleared = await tx
    .update(jobs)
    .set({ schemaDirty: false })
    .where(and(unchanged, eq(jobs.schemaDirty, true)))
    .returning({ id: jobs.id });
  if (cleared.length > 0) return true;
  const same = await tx.select({ id: jobs.id }).from(jobs).where(unchanged).limit(1);
  return same.length > 0;
}
