-- Versions are counted per (job, kind, language): a CV's German PDF has its own series beside the English one.
-- Existing rows take the language their metadata names (exports that named languages), else the CV's own
-- language, else "en"; series other than the pointer's get their own counter and latest pointer.
ALTER TABLE "artifacts" ADD COLUMN "language" text NOT NULL DEFAULT 'en';--> statement-breakpoint
ALTER TABLE "artifact_counters" ADD COLUMN "language" text NOT NULL DEFAULT 'en';--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ADD COLUMN "language" text NOT NULL DEFAULT 'en';--> statement-breakpoint
UPDATE "artifacts" a SET "language" = coalesce(
    CASE WHEN a.metadata->>'language' ~ '^[a-z]{2,3}$' THEN a.metadata->>'language' END,
    (SELECT CASE WHEN j.sections->'meta'->>'language' ~ '^[a-z]{2,3}$' THEN j.sections->'meta'->>'language' END
       FROM "jobs" j WHERE j.id = a.job_id),
    'en');--> statement-breakpoint
UPDATE "job_artifact_latest" l SET "language" = a."language" FROM "artifacts" a WHERE a.id = l.latest_artifact_id;--> statement-breakpoint
UPDATE "artifact_counters" c SET "language" = l."language"
  FROM "job_artifact_latest" l WHERE l.job_id = c.job_id AND l.kind = c.kind;--> statement-breakpoint
ALTER TABLE "artifact_counters" DROP CONSTRAINT "artifact_counters_job_id_kind_pk";--> statement-breakpoint
ALTER TABLE "job_artifact_latest" DROP CONSTRAINT "job_artifact_latest_job_id_kind_pk";--> statement-breakpoint
ALTER TABLE "artifact_counters" ADD CONSTRAINT "artifact_counters_job_id_kind_language_pk" PRIMARY KEY("job_id","kind","language");--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ADD CONSTRAINT "job_artifact_latest_job_id_kind_language_pk" PRIMARY KEY("job_id","kind","language");--> statement-breakpoint
INSERT INTO "artifact_counters" (job_id, kind, "language", next_version)
  SELECT a.job_id, a.kind, a."language", max(a.version) FROM "artifacts" a
  GROUP BY a.job_id, a.kind, a."language"
  ON CONFLICT (job_id, kind, "language") DO NOTHING;--> statement-breakpoint
INSERT INTO "job_artifact_latest" (job_id, kind, "language", latest_artifact_id, latest_version)
  SELECT DISTINCT ON (a.job_id, a.kind, a."language") a.job_id, a.kind, a."language", a.id, a.version
  FROM "artifacts" a ORDER BY a.job_id, a.kind, a."language", a.version DESC
  ON CONFLICT (job_id, kind, "language") DO NOTHING;--> statement-breakpoint
ALTER TABLE "artifacts" ALTER COLUMN "language" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "artifact_counters" ALTER COLUMN "language" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "job_artifact_latest" ALTER COLUMN "language" DROP DEFAULT;--> statement-breakpoint
DROP INDEX "artifacts_job_kind_version_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_job_kind_version_uq" ON "artifacts" USING btree ("job_id","kind","language","version");--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_language_tag" CHECK ("artifacts"."language" ~ '^[a-z]{2,3}$');--> statement-breakpoint
DROP INDEX "artifacts_task_kind_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_task_kind_uq" ON "artifacts" USING btree ("task_id","kind","language");
