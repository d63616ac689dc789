-- Reverts 0013_variants_versions_shares_row_level_security (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP POLICY IF EXISTS job_variants_owner_isolation ON job_variants;
DROP POLICY IF EXISTS job_versions_owner_isolation ON job_versions;
DROP POLICY IF EXISTS share_links_owner_isolation ON share_links;
DROP POLICY IF EXISTS share_links_by_token ON share_links;
DROP POLICY IF EXISTS share_views_owner_isolation ON share_views;
ALTER TABLE job_variants NO FORCE ROW LEVEL SECURITY;
ALTER TABLE job_variants DISABLE ROW LEVEL SECURITY;
ALTER TABLE job_versions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE job_versions DISABLE ROW LEVEL SECURITY;
ALTER TABLE share_links NO FORCE ROW LEVEL SECURITY;
ALTER TABLE share_links DISABLE ROW LEVEL SECURITY;
ALTER TABLE share_views NO FORCE ROW LEVEL SECURITY;
ALTER TABLE share_views DISABLE ROW LEVEL SECURITY;
REVOKE SELECT, INSERT, UPDATE, DELETE ON job_variants, job_versions, share_links, share_views FROM resume_agent_app;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796102114896;

COMMIT;
