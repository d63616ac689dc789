-- Reverts 0008_counters_and_pointers_row_level_security (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP POLICY IF EXISTS artifact_counters_owner_isolation ON artifact_counters;
DROP POLICY IF EXISTS job_artifact_latest_owner_isolation ON job_artifact_latest;
ALTER TABLE artifact_counters NO FORCE ROW LEVEL SECURITY;
ALTER TABLE artifact_counters DISABLE ROW LEVEL SECURITY;
ALTER TABLE job_artifact_latest NO FORCE ROW LEVEL SECURITY;
ALTER TABLE job_artifact_latest DISABLE ROW LEVEL SECURITY;

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796090703047;

COMMIT;
