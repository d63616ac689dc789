-- Reverts 0003_app_role_reads_migrations (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

REVOKE SELECT ON drizzle.__drizzle_migrations FROM resume_agent_app;
REVOKE USAGE ON SCHEMA drizzle FROM resume_agent_app;

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1795601579800;

COMMIT;
