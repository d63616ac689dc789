-- Reverts 0014_artifact_language_series (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- One series per (job, kind) remains: the language whose latest version was written last. The other
-- languages' artifacts, counters and pointers are deleted first (their versions would collide); their
-- blobs become orphans the retention sweep removes.
BEGIN;
SET LOCAL lock_timeout = '5s';

CREATE TEMP TABLE kept_series ON COMMIT DROP AS
  SELECT DISTINCT ON (job_id, kind) job_id, kind, language FROM job_artifact_latest
  ORDER BY job_id, kind, updated_at DESC, latest_version DESC;
DELETE FROM job_artifact_latest l WHERE NOT EXISTS (
  SELECT 1 FROM kept_series k WHERE k.job_id = l.job_id AND k.kind = l.kind AND k.language = l.language);
DELETE FROM artifact_counters c WHERE NOT EXISTS (
  SELECT 1 FROM kept_series k WHERE k.job_id = c.job_id AND k.kind = c.kind AND k.language = c.language);
DELETE FROM artifacts a WHERE NOT EXISTS (
  SELECT 1 FROM kept_series k WHERE k.job_id = a.job_id AND k.kind = a.kind AND k.language = a.language);

ALTER TABLE artifacts DROP CONSTRAINT artifacts_language_tag;
DROP INDEX artifacts_job_kind_version_uq;
DROP INDEX artifacts_task_kind_uq;
ALTER TABLE artifact_counters DROP CONSTRAINT artifact_counters_job_id_kind_language_pk;
ALTER TABLE job_artifact_latest DROP CONSTRAINT job_artifact_latest_job_id_kind_language_pk;
ALTER TABLE artifacts DROP COLUMN language;
ALTER TABLE artifact_counters DROP COLUMN language;
ALTER TABLE job_artifact_latest DROP COLUMN language;
ALTER TABLE artifact_counters ADD CONSTRAINT artifact_counters_job_id_kind_pk PRIMARY KEY (job_id, kind);
ALTER TABLE job_artifact_latest ADD CONSTRAINT job_artifact_latest_job_id_kind_pk PRIMARY KEY (job_id, kind);
CREATE UNIQUE INDEX artifacts_job_kind_version_uq ON artifacts USING btree (job_id, kind, version);
CREATE UNIQUE INDEX artifacts_task_kind_uq ON artifacts USING btree (task_id, kind);

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796111857829;

COMMIT;
