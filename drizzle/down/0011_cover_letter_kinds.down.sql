-- Reverts 0011_cover_letter_kinds (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Cover-letter artifacts (rows, counters, latest pointers) are deleted first: the narrower CHECK
-- constraints would refuse them. Their blobs become orphans the retention sweep removes.
BEGIN;
SET LOCAL lock_timeout = '5s';

DELETE FROM job_artifact_latest WHERE kind IN ('cover_letter_pdf', 'cover_letter_docx');
DELETE FROM artifact_counters WHERE kind IN ('cover_letter_pdf', 'cover_letter_docx');
DELETE FROM artifacts WHERE kind IN ('cover_letter_pdf', 'cover_letter_docx');

ALTER TABLE artifact_counters DROP CONSTRAINT artifact_counters_kind_valid;
ALTER TABLE artifacts DROP CONSTRAINT artifacts_kind_valid;
ALTER TABLE job_artifact_latest DROP CONSTRAINT job_artifact_latest_kind_valid;
ALTER TABLE artifact_counters ADD CONSTRAINT artifact_counters_kind_valid CHECK (kind IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown'));
ALTER TABLE artifacts ADD CONSTRAINT artifacts_kind_valid CHECK (kind IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown'));
ALTER TABLE job_artifact_latest ADD CONSTRAINT job_artifact_latest_kind_valid CHECK (kind IN ('pdf', 'docx', 'zip', 'json', 'html', 'markdown'));

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796102036154;

COMMIT;
