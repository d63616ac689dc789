-- Reverts 0004_fair_claim_order (hand-written; see docs/MIGRATIONS.md, "Rollback").
-- Run as the migration user in one transaction:  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f <this file>
-- Claims go back to priority, run_at, id (FIFO across owners); tasks get their updated_at trigger back.
BEGIN;
SET LOCAL lock_timeout = '5s';

CREATE TRIGGER tasks_touch_updated_at BEFORE UPDATE ON tasks
  FOR EACH ROW EXECUTE FUNCTION resume_agent_touch_updated_at();
DROP INDEX IF EXISTS tasks_owner_queued_fair_idx;
DROP INDEX IF EXISTS tasks_queued_fair_idx;
CREATE INDEX tasks_queued_claim_idx ON tasks USING btree (priority, run_at, id) WHERE status = 'queued';
ALTER TABLE tasks DROP COLUMN IF EXISTS fair_at;

-- Forget the migration so a later `resume-agent migrate` applies it again (created_at = journal "when").
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1796081733266;

COMMIT;
