-- Reverts 0006_tailorings (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Run 0005's down script first. The tailorings (postings, proposals, cover letters) are lost.
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TABLE IF EXISTS tailorings;
DROP TABLE IF EXISTS llm_usage;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796090510429;

COMMIT;
