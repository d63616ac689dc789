/**
 * The wire shapes of the API (snake_case, like the columns), as zod schemas.
 *
 * Request schemas validate input; response schemas document the API in the
 * generated OpenAPI document. Responses are serialized with plain
 * `JSON.stringify` (see `server.ts`), so these describe them without costing a
 * validation pass on every read.
 */
import { z } from "zod";
import { ARTIFACT_KINDS, COVER_LETTER_FORMATS, RENDERED_KINDS } from "../resume/export-kinds.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../resume/settings.js";
import { JOB_PARSE_STATUSES, TASK_STATUSES } from "../task-states.js";

const uuid = z.uuid();
const timestamp = z.string().describe("ISO 8601 timestamp");

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    fields: z
      .array(z.string())
      .optional()
      .describe(
        "review_flags_open: flagged field paths (dotted, as in meta.confidence); render_missing_glyphs: JSON pointers of the fields holding the characters",
      ),
    unplaced_lines: z.number().int().optional().describe("review_flags_open: source lines no field took"),
    empty_sections: z
      .array(z.string())
      .optional()
      .describe("review_flags_open: sections that came out empty"),
    conflicts: z
      .array(z.string())
      .optional()
      .describe("edit_conflict: JSON pointers changed both here and in the newer version"),
    characters: z
      .array(z.object({ char: z.string(), code_point: z.string() }))
      .optional()
      .describe("render_missing_glyphs: the characters no font has (code point as U+XXXX)"),
    format: z
      .string()
      .optional()
      .describe("format_needs_conversion: the format recognised (doc, odt, pages, rtf)"),
    advice: z
      .string()
      .optional()
      .describe("format_needs_conversion: what to do instead (e.g. save as .docx)"),
    limit: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "quota_exceeded, too_many_streams, payload_too_large: which limit (quota or limit name, limit or max_bytes, used)",
      ),
  })
  .describe("RFC 9457 problem details");

export const idParams = z.object({ id: uuid });

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

/** Loose on the wire: the resume model is validated by the service, which reports failing fields. */
const sectionsShape = z
  .record(z.string(), z.unknown())
  .describe("Resume sections (JSON Resume compatible, see the resume model)");

export const reviewSchema = z
  .object({
    flagged_fields: z
      .array(z.string())
      .describe("Fields the parser was unsure of: dotted JSON paths, as keyed in sections.meta.confidence"),
    unplaced_lines: z.number().int().describe("Source lines no field took (sections.meta.unplaced)"),
    empty_sections: z
      .array(z.string())
      .describe(
        "Sections whose heading is in the source but which came out empty (sections.meta.empty_sections)",
      ),
    needs_attention: z.number().int().describe("flagged fields + unplaced lines + empty sections"),
  })
  .describe("What the parsed sections still need from the reviewer");

export const limitsSchema = z.object({
  upload_max_bytes: z.number().int().describe("Largest CV file accepted, in bytes"),
  accepted_extensions: z
    .array(z.string())
    .describe("File name endings of the accepted types (the server decides by the bytes)"),
});

export const jobSchema = z.object({
  id: uuid,
  original_filename: z.string().nullable(),
  content_type: z.string().nullable(),
  size_bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  parse_status: z.enum(JOB_PARSE_STATUSES),
  sections: sectionsShape.nullable(),
  export_settings: z.record(z.string(), z.unknown()).describe("Export settings"),
  cv_sections_confirmed: z.boolean(),
  schema_dirty: z.boolean(),
  /** The job has a photo (GET /jobs/{id}/photo) for templates that place one. */
  has_photo: z.boolean(),
  /** Null until the CV is parsed. */
  review: reviewSchema.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A job in a list: no sections or settings (fetch the job for those), but whose CV it is. */
export const jobSummarySchema = jobSchema
  .omit({ sections: true, export_settings: true, has_photo: true, review: true })
  .extend({
    name: z.string().nullable().describe("basics.name of the sections, when parsed"),
    headline: z.string().nullable().describe("basics.label of the sections, when parsed"),
  });

export const taskSchema = z.object({
  id: uuid,
  job_id: uuid.nullable(),
  task_type: z.string(),
  status: z.enum(TASK_STATUSES),
  stage: z.string().nullable(),
  progress: z.number().int().min(0).max(100).nullable(),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  trace_id: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});

export const artifactSchema = z.object({
  id: uuid,
  job_id: uuid,
  task_id: uuid.nullable(),
  kind: z.enum(ARTIFACT_KINDS),
  version: z.number().int(),
  is_zip: z.boolean(),
  is_latest: z.boolean(),
  out_of_date: z
    .boolean()
    .describe("The CV changed after this file was rendered (an edit after export; see schema_dirty)"),
  template: z.string().nullable().describe("Template the file was rendered with"),
  page_size: z.string().nullable().describe("Page size the file was rendered with (A4, Letter)"),
  language: z
    .string()
    .describe(
      "Language the document is written in (BCP 47 primary subtag; a bundle: its first). Versions are counted per kind and language.",
    ),
  filename: z.string(),
  content_type: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  expires_at: timestamp,
  created_at: timestamp,
  download_url: z.string(),
  download_url_expires_at: timestamp,
  languages: z
    .array(z.string())
    .describe(
      "The languages the file is written in, when its export named languages (a bundle may hold several)",
    ),
});

export const eventSchema = z.object({
  id: z.number().int(),
  job_id: uuid,
  task_id: uuid.nullable(),
  trace_id: z.string(),
  event_type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  created_at: timestamp,
});

export const activityQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });

export const activitySchema = z.object({
  id: z.string().describe("The task id, or event-<id> for a single event"),
  action: z
    .string()
    .describe("parse, optimize, export, … for tasks; created, edited, confirmed, … for events"),
  status: z.enum(["queued", "running", "completed", "failed", "canceled", "done"]),
  message_key: z.string().describe("activity.<action>.<status>, for the client's message table"),
  params: z
    .record(z.string(), z.unknown())
    .describe("Message parameters (formats, template, error_code, …); never ids"),
  started_at: timestamp,
  updated_at: timestamp,
  details: z.object({
    task_id: z.string().nullable(),
    trace_ids: z.array(z.string()),
    attempts: z.number().int(),
    events: z.number().int(),
  }),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

/** The PATCH answer: the job, plus the links the allow-list dropped from the edit (absent when none). */
export const patchedJobSchema = jobSchema.extend({
  dropped_links: z
    .array(z.object({ path: z.string(), url: z.string() }))
    .optional()
    .describe("Links refused by the allow-list (https, http, mailto, tel) and removed from the sections"),
  merged: z
    .array(z.string())
    .optional()
    .describe("The edit was merged into a newer version: JSON pointers of the fields changed there"),
});

export const patchJobBody = z
  .object({
    sections: z.record(z.string(), z.unknown()).optional(),
    export_settings: exportSettingsSchema.optional(),
    base_sections: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "The sections this edit started from. With a stale If-Match, changes to other fields merge (200, `merged`); only fields changed on both sides are 409 edit_conflict naming them",
      ),
  })
  .refine((b) => b.sections !== undefined || b.export_settings !== undefined, {
    message: "send sections, export_settings or both",
  });

export const optimizeBody = z
  .object({
    job_description: z.string().max(50_000).optional(),
    /** Re-run a kept tailoring with the user's answers (its posting is used). */
    tailoring_id: uuid.optional(),
  })
  .default({});

export const applyProposalsBody = z.object({
  task_id: uuid,
  ids: z.array(z.string().min(1).max(200)).max(500),
});

export const coverLetterFormats = z
  .array(z.enum(COVER_LETTER_FORMATS))
  .min(1)
  .max(COVER_LETTER_FORMATS.length)
  .refine((f) => new Set(f).size === f.length, "formats must not repeat");

export const exportBody = z
  .object({
    formats: z
      .array(z.enum(RENDERED_KINDS))
      .min(1)
      .max(RENDERED_KINDS.length)
      .refine((f) => new Set(f).size === f.length, "formats must not repeat"),
    bundle: z.boolean().default(false),
    template: z.enum(TEMPLATE_IDS).optional(),
    page_size: z.enum(["A4", "Letter"]).optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/))
      .min(1)
      .max(4)
      .refine((l) => new Set(l).size === l.length, "languages must not repeat")
      .optional()
      .describe(
        "Export in these languages: the CV's own and/or its translations'. Each language's files become versions of that language's series (versions are counted per kind and language); more than one language needs `bundle` (the ZIP holds every language, its manifest names each with its versions).",
      ),
    cover_letter: z
      .object({
        tailoring_id: uuid,
        formats: coverLetterFormats,
      })
      .optional()
      .describe("Also render this tailoring's cover letter (its own artifact kinds; in the bundle too)"),
  })
  .refine((b) => !b.languages || b.languages.length === 1 || b.bundle, {
    message: "several languages are exported as a bundle",
    path: ["languages"],
  });

export const artifactsQuery = z.object({ kind: z.enum(ARTIFACT_KINDS).optional() });

export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("IETF Idempotency-Key: a repeated request with the same key returns the same resource"),
});

export const confirmBody = z
  .object({
    acknowledge_flags: z
      .boolean()
      .optional()
      .describe(
        "Confirm although review items are open (flagged fields, unplaced lines, empty sections); without it such a confirm is 409 review_flags_open naming them",
      ),
  })
  .nullish()
  .describe("Optional: a request without a body confirms when nothing is open");

export const confirmHeaders = z.object({
  "if-match": z.string().max(200).optional().describe("The job's ETag; optional, 412 when stale"),
});

export const ifMatchHeaders = z.object({
  "if-match": z.string().max(200).optional().describe("The job's ETag; required"),
});

/** Response schemas for the errors every route can return. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  404: problemSchema,
  429: problemSchema,
  503: problemSchema,
} as const;

export type JobJson = z.infer<typeof jobSchema>;
export type JobSummaryJson = z.infer<typeof jobSummarySchema>;
export type TaskJson = z.infer<typeof taskSchema>;
export type ArtifactJson = z.infer<typeof artifactSchema>;
export type EventJson = z.infer<typeof eventSchema>;
export type ActivityJson = z.infer<typeof activitySchema>;
export type LimitsJson = z.infer<typeof limitsSchema>;
