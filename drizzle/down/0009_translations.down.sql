-- Reverts 0009_translations (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Run 0010's down script first. The translations are lost.
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP TABLE IF EXISTS translations;

DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796097997390;

COMMIT;
