-- Reverts 0004_job_photo (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Drops the photo reference. The photo blobs stay under each job's prefix until the orphan sweep
-- (which no longer sees a reference) or the job's deletion removes them.
BEGIN;
SET LOCAL lock_timeout = '5s';

ALTER TABLE jobs DROP COLUMN IF EXISTS photo_blob_path;

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796082615702;

COMMIT;
