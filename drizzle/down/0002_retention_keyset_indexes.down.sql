-- Reverts 0002_retention_keyset_indexes (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Puts back the single-column retention indexes; retention still works, only slower on large backlogs.
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP INDEX IF EXISTS artifacts_expires_idx;
DROP INDEX IF EXISTS job_events_created_idx;
DROP INDEX IF EXISTS tasks_finished_idx;
CREATE INDEX artifacts_expires_idx ON artifacts USING btree (expires_at);
CREATE INDEX job_events_created_idx ON job_events USING btree (created_at);
CREATE INDEX tasks_finished_idx ON tasks USING btree (finished_at) WHERE status IN ('completed', 'failed', 'canceled');

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1795599816963;

COMMIT;
