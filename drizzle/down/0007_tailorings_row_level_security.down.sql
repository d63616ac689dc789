-- Reverts 0007_tailorings_row_level_security (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TRIGGER IF EXISTS tailorings_touch_updated_at ON tailorings;
DROP POLICY IF EXISTS tailorings_owner_isolation ON tailorings;
DROP POLICY IF EXISTS llm_usage_owner_isolation ON llm_usage;
ALTER TABLE tailorings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tailorings DISABLE ROW LEVEL SECURITY;
ALTER TABLE llm_usage NO FORCE ROW LEVEL SECURITY;
ALTER TABLE llm_usage DISABLE ROW LEVEL SECURITY;
REVOKE SELECT, INSERT, UPDATE, DELETE ON tailorings, llm_usage FROM resume_agent_app;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796090511072;

COMMIT;
