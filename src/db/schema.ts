/**
 * The database schema: the tables below.
 *
 * Glossary
 * - job: one uploaded CV and everything derived from it (sections, export settings).
 * - job event: an append-only audit row (who did what to a job, under which trace id).
 * - task: one unit of asynchronous work; the row is both what a user polls and the queue entry.
 * - artifact: one exported file version (pdf, docx, zip, json) stored in blob storage.
 * - artifact counter: the next version number per (job, kind), allocated atomically.
 * - latest pointer: which artifact is the newest per (job, kind); never moves backwards.
 * - tailoring: one job posting a CV is tailored to, with its analysis, fit report, proposals (decided
 *   or not), questions and answers, cover letter and the undo history of applied proposals.
 * - LLM usage: tokens an owner spent on language models per UTC day (the daily budget).
 * - translation: a job's CV in another language: the translated sections and, per translated text
 *   field (keyed by entry ids, `src/resume/translate/fields.ts`), the hash of the source text it was
 *   translated from, so an edit of the primary marks exactly the fields it touched as out of date.
 * - job variant: a job derived from a master job, with the fields it overrides.
 * - job version: a kept state of a job's sections (named or not; restores are versions too).
 * - share link / share view: a per-recipient link to one artifact version, and each opening of it.
 *
 * Invariants live here as CHECK constraints so no code path can break them.
 * Storage parameters, triggers and row-level security that drizzle-kit cannot
 * express are in hand-written migrations under drizzle/.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { ARTIFACT_KINDS, type ArtifactKind } from "../resume/export-kinds.js";
import { JOB_PARSE_STATUSES, type JobParseStatus, TASK_STATUSES, type TaskStatus } from "../task-states.js";

export {
  ARTIFACT_KINDS,
  type ArtifactKind,
  JOB_PARSE_STATUSES,
  type JobParseStatus,
  TASK_STATUSES,
  type TaskStatus,
};

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: text("owner_user_id").notNull(),
    originalFilename: text("original_filename"),
    contentType: text("content_type"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    sha256: text("sha256"),
    uploadBlobPath: text("upload_blob_path"),
    /** The person's photo (a square JPEG we re-encoded) for templates that place one; null when none. */
    photoBlobPath: text("photo_blob_path"),
    parseStatus: text("parse_status").$type<JobParseStatus>().notNull().default("pending"),
    sections: jsonb("sections").$type<Record<string, unknown>>(),
    // Stored as `current_schema` (the seed design's name); the API and the code call it export settings.
    exportSettings: jsonb("current_schema").$type<Record<string, unknown>>(),
    cvSectionsConfirmed: boolean("cv_sections_confirmed").notNull().default(false),
    schemaDirty: boolean("schema_dirty").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    // Keyset pagination of a user's jobs, newest first.
    index("jobs_owner_created_idx").on(t.ownerUserId, t.createdAt.desc(), t.id.desc()),
    check("jobs_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("jobs_size_nonnegative", sql`${t.sizeBytes} IS NULL OR ${t.sizeBytes} >= 0`),
    check("jobs_parse_status_valid", sql`${t.parseStatus} IN (${inList(JOB_PARSE_STATUSES)})`),
    check("jobs_sha256_hex", sql`${t.sha256} IS NULL OR ${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null for system tasks (e.g. scheduled retention) that belong to no job. */
    jobId: uuid("job_id").references(() => jobs.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** sha256 of the normalized request; a reused key with another hash is a conflict. */
    requestHash: text("request_hash").notNull(),
    taskType: text("task_type").notNull(),
    inputPayload: jsonb("input_payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<TaskStatus>().notNull().default("queued"),
    stage: text("stage"),
    progress: smallint("progress"),
    priority: smallint("priority").notNull().default(0),
    runAt: timestamp("run_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The fair claim order: an owner's tasks spaced out on a virtual clock (src/tasks/sql/insert-tasks.ts). */
    fairAt: timestamp("fair_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    workerId: text("worker_id"),
    leaseToken: uuid("lease_token"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    timeoutAt: timestamp("timeout_at", { withTimezone: true, mode: "date" }),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true, mode: "date" }),
    result: jsonb("result").$type<Record<string, unknown>>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    traceId: uuid("trace_id").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("tasks_owner_idempotency_key_uq").on(t.ownerUserId, t.idempotencyKey),
    // The claim query: ORDER BY priority, fair_at, id over queued rows only.
    index("tasks_queued_fair_idx").on(t.priority, t.fairAt, t.id).where(sql`${t.status} = 'queued'`),
    // An owner's last queued fair_at, read when the owner enqueues more.
    index("tasks_owner_queued_fair_idx").on(t.ownerUserId, t.fairAt).where(sql`${t.status} = 'queued'`),
    // The sweeper: running tasks whose lease or time budget ran out.
    index("tasks_running_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    index("tasks_job_created_idx").on(t.jobId, t.createdAt),
    // Housekeeping: finished rows past their retention horizon.
    // (finished_at, id): retention deletes in keyset order; the id breaks ties between equal times.
    index("tasks_finished_idx")
      .on(t.finishedAt, t.id)
      .where(sql`${t.status} IN ('completed', 'failed', 'canceled')`),
    check("tasks_status_valid", sql`${t.status} IN (${inList(TASK_STATUSES)})`),
    check("tasks_attempts_valid", sql`${t.attempts} >= 0 AND ${t.maxAttempts} >= 1`),
    check("tasks_progress_range", sql`${t.progress} IS NULL OR ${t.progress} BETWEEN 0 AND 100`),
    check(
      "tasks_running_has_lease",
      sql`${t.status} <> 'running' OR (${t.leaseToken} IS NOT NULL AND ${t.leaseExpiresAt} IS NOT NULL AND ${t.workerId} IS NOT NULL)`,
    ),
    check(
      "tasks_finished_has_time",
      sql`${t.status} NOT IN ('completed', 'failed', 'canceled') OR ${t.finishedAt} IS NOT NULL`,
    ),
    check("tasks_failed_has_error", sql`${t.status} <> 'failed' OR ${t.errorCode} IS NOT NULL`),
    check("tasks_key_not_blank", sql`length(${t.idempotencyKey}) BETWEEN 1 AND 255`),
  ],
);

export const jobEvents = pgTable(
  "job_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").notNull(),
    taskId: uuid("task_id"),
    traceId: uuid("trace_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("job_events_job_id_idx").on(t.jobId, t.id),
    // (created_at, id): retention's keyset cursor; events of one transaction share created_at.
    index("job_events_created_idx").on(t.createdAt, t.id),
    check("job_events_type_not_blank", sql`length(${t.eventType}) > 0`),
  ],
);

export const artifacts = pgTable(
  "artifacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").notNull(),
    /** Kept after the task row is purged by housekeeping. */
    taskId: uuid("task_id").references(() => tasks.id, { onDelete: "set null" }),
    kind: text("kind").$type<ArtifactKind>().notNull(),
    /**
     * The language of the document (a bundle: of its first document). Versions
     * are counted per (job, kind, language): the German PDF has its own series.
     */
    language: text("language").notNull(),
    version: integer("version").notNull(),
    isZip: boolean("is_zip").notNull().default(false),
    blobPath: text("blob_path").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Options the artifact was rendered with (template, page size, source updated_at). */
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" })
      .notNull()
      .default(sql`now() + interval '90 days'`),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("artifacts_job_kind_version_uq").on(t.jobId, t.kind, t.language, t.version),
    // A retried export task finds its committed rows (one per kind and language) instead of adding more.
    uniqueIndex("artifacts_task_kind_uq").on(t.taskId, t.kind, t.language),
    uniqueIndex("artifacts_blob_path_uq").on(t.blobPath),
    // (expires_at, id): retention's keyset cursor; one export's artifacts share expires_at.
    index("artifacts_expires_idx").on(t.expiresAt, t.id),
    check("artifacts_kind_valid", sql`${t.kind} IN (${inList(ARTIFACT_KINDS)})`),
    check("artifacts_language_tag", sql`${t.language} ~ '^[a-z]{2,3}$'`),
    check("artifacts_version_positive", sql`${t.version} >= 1`),
    check("artifacts_size_nonnegative", sql`${t.sizeBytes} >= 0`),
    check("artifacts_zip_flag", sql`${t.isZip} = (${t.kind} = 'zip')`),
    check("artifacts_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const artifactCounters = pgTable(
  "artifact_counters",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ArtifactKind>().notNull(),
    language: text("language").notNull(),
    /** The last version handed out; the next allocation returns this plus one. */
    nextVersion: integer("next_version").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.kind, t.language] }),
    check("artifact_counters_kind_valid", sql`${t.kind} IN (${inList(ARTIFACT_KINDS)})`),
    check("artifact_counters_version_positive", sql`${t.nextVersion} >= 1`),
  ],
);

export const jobArtifactLatest = pgTable(
  "job_artifact_latest",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ArtifactKind>().notNull(),
    language: text("language").notNull(),
    latestArtifactId: uuid("latest_artifact_id")
      .notNull()
      .references(() => artifacts.id, { onDelete: "cascade" }),
    latestVersion: integer("latest_version").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.kind, t.language] }),
    index("job_artifact_latest_artifact_idx").on(t.latestArtifactId),
    check("job_artifact_latest_kind_valid", sql`${t.kind} IN (${inList(ARTIFACT_KINDS)})`),
    check("job_artifact_latest_version_positive", sql`${t.latestVersion} >= 1`),
  ],
);

export const TAILORING_ENGINES = ["builtin", "llm"] as const;

export const tailorings = pgTable(
  "tailorings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: text("owner_user_id").notNull(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    /** The posting as the user gave it (text, Markdown, HTML or a JSON Resume job). */
    posting: text("posting").notNull(),
    engine: text("engine").$type<(typeof TAILORING_ENGINES)[number]>().notNull().default("builtin"),
    /** The optimize task that produced the current analysis and proposals. */
    taskId: uuid("task_id").references(() => tasks.id, { onDelete: "set null" }),
    analysis: jsonb("analysis").$type<Record<string, unknown>>(),
    fit: jsonb("fit").$type<Record<string, unknown>>(),
    proposals: jsonb("proposals").$type<unknown[]>().notNull().default([]),
    questions: jsonb("questions").$type<unknown[]>().notNull().default([]),
    answers: jsonb("answers").$type<unknown[]>().notNull().default([]),
    coverLetter: jsonb("cover_letter").$type<Record<string, unknown>>(),
    /** Undo stack of applied proposals: the sections before each apply. */
    history: jsonb("history").$type<unknown[]>().notNull().default([]),
    /** Prompt and raw model answer, kept until `audit_expires_at` (retention clears them). */
    audit: jsonb("audit").$type<Record<string, unknown>>(),
    auditExpiresAt: timestamp("audit_expires_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    index("tailorings_job_created_idx").on(t.jobId, t.createdAt.desc()),
    index("tailorings_audit_expiry_idx").on(t.auditExpiresAt),
    check("tailorings_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("tailorings_engine_valid", sql`${t.engine} IN (${inList(TAILORING_ENGINES)})`),
    check("tailorings_posting_size", sql`length(${t.posting}) BETWEEN 1 AND 100000`),
  ],
);

export const TRANSLATION_ENGINES = ["copy", "llm"] as const;

export const translations = pgTable(
  "translations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: text("owner_user_id").notNull(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    /** BCP-47 primary subtag of the target language ("de"). */
    language: text("language").notNull(),
    engine: text("engine").$type<(typeof TRANSLATION_ENGINES)[number]>().notNull().default("copy"),
    /** The translate task that last filled fields in. */
    taskId: uuid("task_id").references(() => tasks.id, { onDelete: "set null" }),
    /** The translated resume (same model as `jobs.sections`); null until the first translate run. */
    sections: jsonb("sections").$type<Record<string, unknown>>(),
    /** Per translated field key: `{ source_sha256, state }` (see `src/resume/translate/fields.ts`). */
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("translations_job_language_uq").on(t.jobId, t.language),
    check("translations_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("translations_language_tag", sql`${t.language} ~ '^[a-z]{2,3}$'`),
    check("translations_engine_valid", sql`${t.engine} IN (${inList(TRANSLATION_ENGINES)})`),
  ],
);

export const llmUsage = pgTable(
  "llm_usage",
  {
    ownerUserId: text("owner_user_id").notNull(),
    day: text("day").notNull(),
    tokens: integer("tokens").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.ownerUserId, t.day] }),
    check("llm_usage_day_format", sql`${t.day} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    check("llm_usage_tokens_nonnegative", sql`${t.tokens} >= 0`),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
/** A job as lists show it: everything but the sections and export settings, plus who the CV is about. */
export type JobSummaryRow = Omit<JobRow, "sections" | "exportSettings"> & {
  name: string | null;
  headline: string | null;
};
export type NewJobRow = typeof jobs.$inferInsert;
export type TaskRow = typeof tasks.$inferSelect;
export type NewTaskRow = typeof tasks.$inferInsert;
export type JobEventRow = typeof jobEvents.$inferSelect;
export type ArtifactRow = typeof artifacts.$inferSelect;
export type NewArtifactRow = typeof artifacts.$inferInsert;
export type ArtifactCounterRow = typeof artifactCounters.$inferSelect;
export type JobArtifactLatestRow = typeof jobArtifactLatest.$inferSelect;
export type TailoringRow = typeof tailorings.$inferSelect;
export type NewTailoringRow = typeof tailorings.$inferInsert;
export type TranslationRow = typeof translations.$inferSelect;

/**
 * A variant of a CV: its own job row (so exports, tailorings and share links work on it unchanged),
 * linked to its master. `overrides` are the fields the variant changed, each with the master's value
 * when it was changed (`base`); a master edit reaches every other field, and an override whose base no
 * longer matches the master is a conflict until resolved. Deleting the master only unlinks the variant.
 */
export const jobVariants = pgTable(
  "job_variants",
  {
    jobId: uuid("job_id")
      .primaryKey()
      .references(() => jobs.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").notNull(),
    masterJobId: uuid("master_job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    /** What the variant is for: company, role, posting URL or text. */
    target: jsonb("target").$type<Record<string, unknown>>().notNull().default({}),
    overrides: jsonb("overrides").$type<unknown[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    index("job_variants_master_idx").on(t.masterJobId, t.createdAt),
    check("job_variants_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("job_variants_not_own_master", sql`${t.masterJobId} <> ${t.jobId}`),
  ],
);

export const JOB_VERSION_REASONS = ["edit", "snapshot", "restore"] as const;

/**
 * A kept state of a job's sections. Every sections edit adds one; a person can name one. A restore
 * writes the chosen state back as a new version that remembers the state it replaced, so it can be undone.
 */
export const jobVersions = pgTable(
  "job_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: text("owner_user_id").notNull(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    /** 1, 2, 3… per job, allocated under the job's row lock. */
    number: integer("number").notNull(),
    name: text("name"),
    reason: text("reason").$type<(typeof JOB_VERSION_REASONS)[number]>().notNull(),
    /** For a restore: the version restored, and the version holding the state it replaced (undo). */
    restoredFromId: uuid("restored_from_id"),
    replacedVersionId: uuid("replaced_version_id"),
    sections: jsonb("sections").$type<Record<string, unknown>>().notNull(),
    sectionsSha256: text("sections_sha256").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_versions_job_number_uq").on(t.jobId, t.number),
    check("job_versions_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("job_versions_number_positive", sql`${t.number} >= 1`),
    check("job_versions_name_size", sql`${t.name} IS NULL OR length(${t.name}) BETWEEN 1 AND 200`),
    check("job_versions_reason_valid", sql`${t.reason} IN (${inList(JOB_VERSION_REASONS)})`),
    check("job_versions_sha256_hex", sql`${t.sectionsSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * A share link: one recipient, one pinned artifact version, an expiry. Only the SHA-256 of the token
 * is stored; the token is shown once, when the link is made.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerUserId: text("owner_user_id").notNull(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    artifactId: uuid("artifact_id")
      .notNull()
      .references(() => artifacts.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    recipient: text("recipient").notNull(),
    /** Optional passcode, stored as `scrypt$<salt>$<hash>` (hex); null when the link needs none. */
    passcodeHash: text("passcode_hash"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    viewCount: integer("view_count").notNull().default(0),
    firstViewedAt: timestamp("first_viewed_at", { withTimezone: true, mode: "date" }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("share_links_token_hash_uq").on(t.tokenHash),
    index("share_links_job_created_idx").on(t.jobId, t.createdAt),
    index("share_links_artifact_idx").on(t.artifactId),
    check("share_links_owner_not_blank", sql`length(${t.ownerUserId}) > 0`),
    check("share_links_token_hash_hex", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("share_links_recipient_size", sql`length(${t.recipient}) BETWEEN 1 AND 200`),
    check("share_links_views_nonnegative", sql`${t.viewCount} >= 0`),
  ],
);

/** One opening of a share link: when, a coarse user agent, a country when a header gave one; no IP. */
export const shareViews = pgTable(
  "share_views",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    linkId: uuid("link_id")
      .notNull()
      .references(() => shareLinks.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").notNull(),
    viewedAt: timestamp("viewed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    userAgent: text("user_agent").notNull(),
    country: text("country"),
  },
  (t) => [
    index("share_views_link_idx").on(t.linkId, t.id),
    check("share_views_user_agent_size", sql`length(${t.userAgent}) BETWEEN 1 AND 40`),
    check("share_views_country_code", sql`${t.country} IS NULL OR ${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export type JobVariantRow = typeof jobVariants.$inferSelect;
export type JobVersionRow = typeof jobVersions.$inferSelect;
export type ShareLinkRow = typeof shareLinks.$inferSelect;
export type ShareViewRow = typeof shareViews.$inferSelect;
