-- Reverts 0001_row_level_security (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Afterwards the application runs WITHOUT row-level security: only the repositories' owner filters remain.
BEGIN;
SET LOCAL lock_timeout = '5s';

ALTER TABLE tasks RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor);

DROP TRIGGER IF EXISTS job_events_append_only ON job_events;
DROP FUNCTION IF EXISTS resume_agent_forbid_update();

ALTER TABLE jobs ALTER COLUMN updated_at SET DEFAULT now();
DROP TRIGGER IF EXISTS tasks_touch_updated_at ON tasks;
DROP TRIGGER IF EXISTS jobs_touch_updated_at ON jobs;
DROP FUNCTION IF EXISTS resume_agent_touch_updated_at();

DROP POLICY IF EXISTS jobs_owner_isolation ON jobs;
DROP POLICY IF EXISTS job_events_owner_isolation ON job_events;
DROP POLICY IF EXISTS tasks_owner_isolation ON tasks;
DROP POLICY IF EXISTS artifacts_owner_isolation ON artifacts;
ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE jobs DISABLE ROW LEVEL SECURITY;
ALTER TABLE job_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE job_events DISABLE ROW LEVEL SECURITY;
ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;
ALTER TABLE artifacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE artifacts DISABLE ROW LEVEL SECURITY;

-- The application still switches to resume_agent_app in every transaction, so the role keeps its
-- table privileges; it is cluster-wide and may serve other databases, hence never dropped here.

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1795596916213;
COMMIT;
