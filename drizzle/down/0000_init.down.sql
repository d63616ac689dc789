-- Reverts 0000_init (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- DESTROYS ALL APPLICATION DATA. Only for abandoning a failed first install; revert 0001 first.
-- Run as the migration user:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TABLE IF EXISTS job_artifact_latest;
DROP TABLE IF EXISTS artifact_counters;
DROP TABLE IF EXISTS artifacts;
DROP TABLE IF EXISTS job_events;
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS jobs;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1795596791475;
COMMIT;
