/**
 * Rows → wire JSON. The only place that knows both the Drizzle row shapes and
 * the snake_case API shapes.
 */
import type { ArtifactRow, JobEventRow, JobRow, JobSummaryRow, TaskRow } from "../db/schema.js";
import { resumeMetaSchema } from "../resume/model.js";
import { type ReviewSummary, reviewSummary } from "../resume/review.js";
import { defaultExportSettings } from "../resume/settings.js";
import type { ArtifactJson, EventJson, JobJson, JobSummaryJson, TaskJson } from "./schemas.js";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function presentJob(row: JobRow): JobJson {
  return {
    id: row.id,
    original_filename: row.originalFilename,
    content_type: row.contentType,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    parse_status: row.parseStatus,
    sections: row.sections ?? null,
    export_settings: row.exportSettings ?? defaultExportSettings(),
    cv_sections_confirmed: row.cvSectionsConfirmed,
    schema_dirty: row.schemaDirty,
    has_photo: row.photoBlobPath !== null,
    review: reviewOf(row.sections),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

/** What the parsed sections still need from the reviewer (null before a parse). */
export function reviewOf(sections: Record<string, unknown> | null): ReviewSummary | null {
  if (!sections) return null;
  const meta = resumeMetaSchema.safeParse(sections.meta ?? {});
  return meta.success
    ? reviewSummary({ meta: meta.data })
    : { flagged_fields: [], unplaced_lines: 0, empty_sections: [], needs_attention: 0 };
}

/** A job in a list (`GET /jobs`): the summary, never the sections. */
export function presentJobSummary(row: JobSummaryRow): JobSummaryJson {
  return {
    id: row.id,
    original_filename: row.originalFilename,
    content_type: row.contentType,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    parse_status: row.parseStatus,
    name: row.name,
    headline: row.headline,
    cv_sections_confirmed: row.cvSectionsConfirmed,
    schema_dirty: row.schemaDirty,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

/** The optimistic-concurrency token as an HTTP entity tag. */
export function jobEtag(row: Pick<JobRow, "updatedAt">): string {
  return `"${row.updatedAt.toISOString()}"`;
}

export function presentTask(row: TaskRow): TaskJson {
  return {
    id: row.id,
    job_id: row.jobId,
    task_type: row.taskType,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    result: row.result ?? null,
    trace_id: row.traceId,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    started_at: isoOrNull(row.startedAt),
    finished_at: isoOrNull(row.finishedAt),
  };
}

export function presentArtifact(
  row: ArtifactRow,
  extra: { isLatest: boolean; outOfDate: boolean; downloadUrl: string; downloadUrlExpiresAt: Date },
): ArtifactJson {
  const label = (key: string) => {
    const value = row.metadata[key];
    return typeof value === "string" ? value : null;
  };
  return {
    id: row.id,
    job_id: row.jobId,
    task_id: row.taskId,
    kind: row.kind,
    version: row.version,
    is_zip: row.isZip,
    is_latest: extra.isLatest,
    out_of_date: extra.outOfDate,
    template: label("template"),
    page_size: label("page_size"),
    language: row.language,
    filename: row.filename,
    content_type: row.contentType,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    expires_at: iso(row.expiresAt),
    created_at: iso(row.createdAt),
    download_url: extra.downloadUrl,
    download_url_expires_at: iso(extra.downloadUrlExpiresAt),
    languages: artifactLanguages(row.metadata),
  };
}

/** The languages an export recorded on its artifact: one for a file, one or more for a bundle. */
function artifactLanguages(metadata: Record<string, unknown>): string[] {
  // A bundle of several languages records them all (its `language` is only the document locale).
  const many = metadata.languages;
  if (Array.isArray(many)) return many.filter((l): l is string => typeof l === "string");
  return typeof metadata.language === "string" ? [metadata.language] : [];
}

export function presentEvent(row: JobEventRow): EventJson {
  return {
    id: row.id,
    job_id: row.jobId,
    task_id: row.taskId,
    trace_id: row.traceId,
    event_type: row.eventType,
    payload: row.payload,
    created_at: iso(row.createdAt),
  };
}
