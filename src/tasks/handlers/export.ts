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
 *
 * Languages: with `languages`, each is the CV's own language or one of its
 * translations (the current primary with the translated texts, labels and
 * dates in that language). Versions are counted per kind and language: each
 * language's files become versions of their own series (metadata and file
 * names carry the language); with a bundle, the ZIP holds the files of every
 * language, its manifest names each with its versions, and the ZIP's own
 * series is its first language's.
 * Each artifact records the job version it matches (`job_version`: the
 * job's `updated_at` after this commit, or the version read when the job was
 * edited meanwhile), so a listing can say which files an edit made out of
 * date. Template, page size and document language are kept as its labels.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import packageJson from "../../../package.json" with { type: "json" };
import type { Tx } from "../../db/client.js";
import { findOwnedById } from "../../db/owner-read.js";
import { withOwner } from "../../db/owner-scope.js";
import { assertBytesFit } from "../../db/quotas.js";
import { ArtifactRepository } from "../../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../../db/repositories/job-event-repository.js";
import { JobRepository } from "../../db/repositories/job-repository.js";
import { JobVariantRepository } from "../../db/repositories/job-variant-repository.js";
import { TailoringRepository } from "../../db/repositories/tailoring-repository.js";
import { TranslationRepository } from "../../db/repositories/translation-repository.js";
import { type ArtifactRow, type JobRow, type JobVariantRow, jobs } from "../../db/schema.js";
import { AppError, isAppError } from "../../errors.js";
import { createExportMetrics } from "../../observability/metrics.js";
import { coverLetterSchema } from "../../resume/cover-letter/cover-letter.js";
import {
  type ArtifactKind,
  COVER_LETTER_FORMATS,
  COVER_LETTER_KIND,
  type CoverLetterFormat,
  EXPORT_KINDS,
  RENDERED_KINDS,
  type RenderedKind,
} from "../../resume/export-kinds.js";
import { type Resume, resumeSchema } from "../../resume/model.js";
import { primaryLanguage } from "../../resume/render/document-labels.js";
import { documentLocale } from "../../resume/render/resume-view.js";
import { type ExportSettings, exportSettingsSchema, TEMPLATE_IDS } from "../../resume/settings.js";
import { currentTranslation } from "../../resume/translate/compose.js";
import { primaryLanguageOf } from "../../resume/translate/fields.js";
import { taskArtifactBlobPath } from "../../storage/blob-paths.js";
import { readStream } from "../../storage/read-stream.js";
import { defineHandler, type TaskContext } from "../types.js";
import type { HandlerDeps } from "./deps.js";

export const exportInput = z
  .object({
    job_id: z.uuid(),
    formats: z.array(z.enum(RENDERED_KINDS)).max(RENDERED_KINDS.length),
    bundle: z.boolean().default(false),
    template: z.enum(TEMPLATE_IDS).optional(),
    page_size: z.enum(["A4", "Letter"]).optional(),
    /** The languages to export: the CV's own and/or its translations'; more than one needs a bundle. */
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/))
      .min(1)
      .max(4)
      .refine((l) => new Set(l).size === l.length, "languages must not repeat")
      .optional(),
    /** A tailoring's kept cover letter, rendered in the same design as its own kinds. */
    cover_letter: z
      .object({
        tailoring_id: z.uuid(),
        formats: z.array(z.enum(COVER_LETTER_FORMATS)).min(1).max(COVER_LETTER_FORMATS.length),
      })
      .optional(),
  })
  .refine((i) => i.formats.length > 0 || i.cover_letter !== undefined, "nothing to export");
export type ExportInput = z.infer<typeof exportInput>;

const GENERATOR = { name: "resume-agent", version: packageJson.version };

type RenderedFile = {
  kind: ArtifactKind;
  filename: string;
  bytes: Buffer;
  sha256: string;
  /** The language the file is written in, when the export named languages. */
  language: string | null;
  /** A bundle's languages, when the export named languages. */
  languages?: string[];
  /** What the artifact row's metadata adds for this file (a cover letter names its tailoring). */
  extra?: Record<string, string>;
};
type StoredFile = RenderedFile & { blobPath: string };
type Committed = { artifact: ArtifactRow; created: boolean };

/** What one export run works from: the job as read, the settings it renders with, and where files go. */
type ExportRun = {
  deps: HandlerDeps;
  ctx: TaskContext;
  owner: string;
  job: JobRow;
  resume: Resume;
  settings: ExportSettings;
  /** The job's photo (square JPEG), when it has one. */
  photo: Buffer | undefined;
  baseName: string;
  /** What is rendered, first language first; `language` is null for an export that named none. */
  documents: { language: string | null; resume: Resume }[];
  /** The job's link to its master, when it is a variant (its exports name both). */
  variant: JobVariantRow | null;
};

/** The renderers (pdfkit, docx, pdf.js) load with the first export, not in every process that registers the handler. */
const loadRenderer = () => import("../../resume/render/index.js");

export function createExportHandler(deps: HandlerDeps) {
  const exportMetrics = createExportMetrics(deps.metrics);
  return defineHandler({
    type: "export",
    input: exportInput,
    timeoutMs: 120_000,
    retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 },
    async run(input: ExportInput, ctx: TaskContext) {
      const run = await prepare(deps, ctx, input);
      if (run.documents.length > 1 && !input.bundle) {
        throw new AppError("validation_failed", "Several languages are exported as a bundle.", {
          retryable: false,
        });
      }
      const perLanguage: RenderedFile[][] = [];
      for (const document of run.documents) perLanguage.push(await renderAll(run, input.formats, document));
      // The cover letter goes with the first language's files (and into the bundle with them).
      if (input.cover_letter) perLanguage[0]!.push(...(await renderCoverLetter(run, input.cover_letter)));
      const files = perLanguage.flat();

      await assertExportFits(run, files);
      await ctx.reportProgress("uploading", 80);
      const stored: StoredFile[] = [];
      for (const f of files) stored.push(await store(run, f));
      if (input.bundle) await ctx.reportProgress("bundling", 90);

      const committed = await ctx.fencedTransaction(async (tx) => {
        const artifacts = new ArtifactRepository(tx);
        // The counters are locked in LOCK_ORDER (files, then the bundle), so two exports of one job
        // cannot deadlock, and a retry gets back the rows it already committed
        // (UNIQUE (task_id, kind, language)).
        // Files in a translation only say nothing about whether the primary's exports are current.
        const primaryExported = run.documents.some(
          (d) => d.language === null || d.language === primaryLanguageOf(run.resume),
        );
        // Clearing the flag first gives the version the files match (the update advances updated_at).
        const { clean, jobVersion } = primaryExported
          ? await clearDirtyIfUnchanged(tx, run.job.id, run.owner, run.job.updatedAt)
          : { clean: false, jobVersion: run.job.updatedAt };
        const out: Committed[] = await artifacts.createNextVersions(
          stored.map((f) => artifactRow(run, f, jobVersion)),
        );
        if (input.bundle) out.push(await commitBundle(run, artifacts, perLanguage, out, jobVersion));
        await new JobEventRepository(tx).append({
          job_id: run.job.id,
          owner_user_id: run.owner,
          trace_id: ctx.task.traceId,
          task_id: ctx.task.id,
          event_type: "export",
          payload: {
            artifacts: out.map(({ artifact }) => ({ kind: artifact.kind, version: artifact.version })),
            template: run.settings.template,
            up_to_date: clean,
            ...(input.languages ? { languages: input.languages } : {}),
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

/** Read the job (it must still exist, with confirmed sections) and resolve the export settings. */
async function prepare(deps: HandlerDeps, ctx: TaskContext, input: ExportInput): Promise<ExportRun> {
  const owner = ctx.task.ownerUserId;
  const job = await findOwnedById(deps.database, jobs, owner, input.job_id);
  if (!job) throw new AppError("not_found", "The job no longer exists.", { retryable: false });
  if (!job.sections || !job.cvSectionsConfirmed) {
    throw new AppError("sections_not_confirmed", "The job's sections are not confirmed.", {
      retryable: false,
    });
  }
  const resume = resumeSchema.parse(job.sections);
  const settings = exportSettingsSchema.parse({
    ...(job.exportSettings ?? {}),
    ...(input.template ? { template: input.template } : {}),
    ...(input.page_size ? { page_size: input.page_size } : {}),
  });
  // The photo is read once per run; a blob that vanished (deleted meanwhile) exports without it.
  const photo = job.photoBlobPath ? await readPhoto(deps, job.photoBlobPath) : undefined;
  const documents = input.languages
    ? await Promise.all(input.languages.map((language) => documentIn(deps, owner, job, resume, language)))
    : [{ language: null, resume }];
  const variant = await withOwner(deps.database, owner, (tx) =>
    new JobVariantRepository(tx).findByJob(job.id, owner),
  );
  const baseName = fileBaseName(resume);
  return { deps, ctx, owner, job, resume, settings, photo, baseName, documents, variant };
}

/** The CV in `language`: the primary itself, or its translation into that language. */
async function documentIn(
  deps: HandlerDeps,
  owner: string,
  job: JobRow,
  primary: Resume,
  language: string,
): Promise<{ language: string; resume: Resume }> {
  if (language === primaryLanguageOf(primary)) return { language, resume: primary };
  const row = await withOwner(deps.database, owner, (tx) =>
    new TranslationRepository(tx).findByLanguage(job.id, language, owner),
  );
  if (!row?.sections) {
    throw new AppError("not_found", `The CV has no translation into "${language}".`, {
      retryable: false,
      details: { language },
    });
  }
  return { language, resume: currentTranslation(primary, language, resumeSchema.parse(row.sections)) };
}

async function readPhoto(deps: HandlerDeps, path: string): Promise<Buffer | undefined> {
  try {
    return await readStream(await deps.blobStore.get(path));
  } catch (error) {
    if (isAppError(error, "not_found")) return undefined;
    throw error;
  }
}

async function renderAll(
  run: ExportRun,
  kinds: readonly RenderedKind[],
  document: ExportRun["documents"][number],
): Promise<RenderedFile[]> {
  const [{ renderFile }, fonts] = await Promise.all([loadRenderer(), run.deps.fonts()]);
  const files: RenderedFile[] = [];
  const base = document.language ? `${run.baseName}-${document.language}` : run.baseName;
  for (const [i, kind] of kinds.entries()) {
    run.ctx.signal.throwIfAborted();
    await run.ctx.reportProgress(`rendering ${kind}`, 10 + Math.round((60 * i) / kinds.length));
    const bytes = await renderFile(kind, document.resume, run.settings, {
      fonts: () => fonts,
      photo: run.photo,
    });
    files.push(file(kind, `${base}.${EXPORT_KINDS[kind].extension}`, bytes, document.language));
  }
  return files;
}

/** The tailoring's kept cover letter (it must still exist and have one) in each asked format. */
async function renderCoverLetter(
  run: ExportRun,
  request: { tailoring_id: string; formats: CoverLetterFormat[] },
): Promise<RenderedFile[]> {
  const tailoring = await withOwner(run.deps.database, run.owner, (tx) =>
    new TailoringRepository(tx).findById(request.tailoring_id, run.owner),
  );
  if (!tailoring || tailoring.jobId !== run.job.id)
    throw new AppError("not_found", "The tailoring no longer exists.", { retryable: false });
  if (!tailoring.coverLetter)
    throw new AppError("not_found", "The tailoring has no cover letter; draft one first.", {
      retryable: false,
    });
  const letter = coverLetterSchema.parse(tailoring.coverLetter);
  const [{ renderCoverLetterFile }, fonts] = await Promise.all([loadRenderer(), run.deps.fonts()]);
  const name = run.baseName === "resume" ? "cover-letter" : run.baseName.replace(/-resume$/, "-cover-letter");
  const files: RenderedFile[] = [];
  for (const format of request.formats) {
    run.ctx.signal.throwIfAborted();
    await run.ctx.reportProgress(`rendering the cover letter (${format})`, 70);
    const kind = COVER_LETTER_KIND[format];
    const bytes = await renderCoverLetterFile(format, run.resume, letter, run.settings, {
      fonts: () => fonts,
    });
    files.push({
      ...file(kind, `${name}.${EXPORT_KINDS[kind].extension}`, bytes, null),
      extra: { tailoring_id: tailoring.id, tailoring_updated_at: tailoring.updatedAt.toISOString() },
    });
  }
  return files;
}

/**
 * The owner's storage quota holds the new files (a bundle about doubles them). A retry of a task whose
 * files are already stored is not counted twice: its committed rows make it a no-op below.
 */
async function assertExportFits(run: ExportRun, files: RenderedFile[]): Promise<void> {
  const { database, config } = run.deps;
  const used = await withOwner(database, run.owner, (tx) => new JobRepository(tx).usage(run.owner));
  const adding = files.reduce((n, f) => n + f.bytes.length, 0);
  try {
    assertBytesFit(used.storedBytes, adding, config.quotas);
  } catch (error) {
    throw new AppError("quota_exceeded", (error as Error).message, {
      retryable: false,
      details: (error as AppError).details,
    });
  }
}

/** Write one file to its (task, kind) path: a retry overwrites its own earlier upload. */
async function store(run: ExportRun, f: RenderedFile): Promise<StoredFile> {
  const blobPath = taskArtifactBlobPath(run.owner, run.job.id, f.kind, run.ctx.task.id, f.filename);
  await run.deps.blobStore.put(blobPath, f.bytes, { contentType: EXPORT_KINDS[f.kind].contentType });
  return { ...f, blobPath };
}

function artifactRow(run: ExportRun, f: StoredFile, jobVersion: Date) {
  const { ctx, deps, job, settings } = run;
  return {
    job_id: job.id,
    owner_user_id: run.owner,
    task_id: ctx.task.id,
    kind: f.kind,
    language: f.language ?? primaryLanguage(documentLocale(run.resume, settings)),
    blob_path: f.blobPath,
    filename: f.filename,
    content_type: EXPORT_KINDS[f.kind].contentType,
    size_bytes: f.bytes.length,
    sha256: f.sha256,
    metadata: {
      template: settings.template,
      page_size: settings.page_size,
      source_updated_at: job.updatedAt.toISOString(),
      job_version: jobVersion.toISOString(),
      language: f.language ?? documentLocale(run.resume, settings),
      ...(f.languages ? { languages: f.languages } : {}),
      ...f.extra,
      ...(run.variant ? { master_job_id: run.variant.masterJobId } : {}),
    },
    expires_at: new Date(ctx.now().getTime() + deps.config.retention.artifactDays * 86_400_000),
  };
}

/**
 * Build, store and version the ZIP bundle inside the export's transaction, after the files' versions
 * exist, so its manifest can name them. The counters stay locked meanwhile, and a failed upload rolls
 * back every version: no gaps. A retry finds the bundle it already committed.
 */
async function commitBundle(
  run: ExportRun,
  artifacts: ArtifactRepository<Tx>,
  perLanguage: RenderedFile[][],
  committed: Committed[],
  jobVersion: Date,
): Promise<Committed> {
  const files = perLanguage.flat();
  const languages = run.documents.flatMap((d, i) =>
    d.language ? [[d.language, perLanguage[i]!.map((f) => f.filename)] as const] : [],
  );
  const zipLanguage = languages[0]?.[0] ?? null;
  const existing = await artifacts.findByTask(
    run.ctx.task.id,
    "zip",
    zipLanguage ?? primaryLanguage(documentLocale(run.resume, run.settings)),
    run.owner,
  );
  if (existing) return { artifact: existing, created: false };
  // Per kind, the first series exported (the first language's files, and the cover letter).
  const versionsOf = (rows: readonly Committed[]) =>
    Object.fromEntries(rows.toReversed().map(({ artifact }) => [artifact.kind, artifact.version]));
  const { buildBundle } = await loadRenderer();
  const bytes = await buildBundle(
    files.map((f) => ({ filename: f.filename, bytes: f.bytes })),
    {
      job_id: run.job.id,
      ...(run.variant ? { variant: variantManifest(run.variant) } : {}),
      template: run.settings.template,
      page_size: run.settings.page_size,
      source_updated_at: run.job.updatedAt.toISOString(),
      job_description_sha256: run.resume.meta.optimized_for?.job_description_sha256 ?? null,
      artifact_versions: versionsOf(committed),
      generator: GENERATOR,
      ...(languages.length
        ? {
            languages: Object.fromEntries(languages),
            language_versions: Object.fromEntries(
              languages.map(([l]) => [l, versionsOf(committed.filter((c) => c.artifact.language === l))]),
            ),
          }
        : {}),
    },
  );
  const zipName = [run.baseName, ...languages.map(([l]) => l)].join("-");
  const zipFile = file("zip", `${zipName}.${EXPORT_KINDS.zip.extension}`, bytes, zipLanguage);
  if (languages.length) zipFile.languages = languages.map(([l]) => l);
  const zip = await store(run, zipFile);
  return artifacts.createNextVersion(artifactRow(run, zip, jobVersion));
}

function variantManifest(v: JobVariantRow) {
  const target = v.target as { company?: unknown; role?: unknown };
  return {
    master_job_id: v.masterJobId,
    variant_job_id: v.jobId,
    ...(typeof target.company === "string" ? { company: target.company.slice(0, 200) } : {}),
    ...(typeof target.role === "string" ? { role: target.role.slice(0, 200) } : {}),
  };
}

function file(kind: ArtifactKind, filename: string, bytes: Buffer, language: string | null): RenderedFile {
  return { kind, filename, bytes, sha256: createHash("sha256").update(bytes).digest("hex"), language };
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
 * read: an edit made while rendering keeps the flag set. Returns whether the
 * files match the job, and the job version they match.
 */
async function clearDirtyIfUnchanged(
  tx: Tx,
  jobId: string,
  owner: string,
  readAt: Date,
): Promise<{ clean: boolean; jobVersion: Date }> {
  const unchanged = and(eq(jobs.id, jobId), eq(jobs.ownerUserId, owner), eq(jobs.updatedAt, readAt));
  // Only a dirty job is written, so a clean job's ETag (updated_at) survives an export untouched.
  const cleared = await tx
    .update(jobs)
    .set({ schemaDirty: false })
    .where(and(unchanged, eq(jobs.schemaDirty, true)))
    .returning({ updatedAt: jobs.updatedAt });
  if (cleared[0]) return { clean: true, jobVersion: cleared[0].updatedAt };
  const same = await tx.select({ id: jobs.id }).from(jobs).where(unchanged).limit(1);
  return { clean: same.length > 0, jobVersion: readAt };
}
