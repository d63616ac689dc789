-- Reverts 0010_translations_row_level_security (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TRIGGER IF EXISTS translations_touch_updated_at ON translations;
DROP POLICY IF EXISTS translations_owner_isolation ON translations;
ALTER TABLE translations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE translations DISABLE ROW LEVEL SECURITY;
REVOKE SELECT, INSERT, UPDATE, DELETE ON translations FROM resume_agent_app;

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796098000958;

COMMIT;
