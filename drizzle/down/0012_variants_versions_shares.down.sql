-- Reverts 0012_variants_versions_shares (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Run 0010's down script first. Variant links, versions, share links and their views are lost;
-- variants stay as plain CVs.
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TABLE IF EXISTS share_views;
DROP TABLE IF EXISTS share_links;
DROP TABLE IF EXISTS job_versions;
DROP TABLE IF EXISTS job_variants;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796102112513;

COMMIT;
