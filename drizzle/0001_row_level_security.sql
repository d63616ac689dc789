-- Row-level security: defense in depth behind the repositories' owner filters.
--
-- All application access runs as the non-owner role resume_agent_app (no
-- BYPASSRLS), switched to per transaction with set_config('role', ...). Each
-- transaction also sets exactly one of:
--   app.owner_user_id  the owner a request acts for (withOwner), or
--   app.system = 'on'  the explicit cross-owner path of workers and retention (withSystem).
-- With neither set, the policies match nothing: fail closed.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'resume_agent_app') THEN
    CREATE ROLE resume_agent_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- Another database in the same cluster created it concurrently.
  NULL;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'resume_agent_app', 'MEMBER') THEN
    EXECUTE format('GRANT resume_agent_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO resume_agent_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON jobs, job_events, tasks, artifacts, artifact_counters, job_artifact_latest TO resume_agent_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO resume_agent_app;
--> statement-breakpoint
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE artifacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE artifacts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY jobs_owner_isolation ON jobs TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY job_events_owner_isolation ON job_events TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY tasks_owner_isolation ON tasks TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY artifacts_owner_isolation ON artifacts TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
-- updated_at is maintained by the database on every update and strictly increases, so it can serve as
-- an optimistic-concurrency token at millisecond precision (what JavaScript dates carry).
CREATE FUNCTION resume_agent_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := greatest(
    date_trunc('milliseconds', clock_timestamp()),
    date_trunc('milliseconds', OLD.updated_at) + interval '1 millisecond'
  );
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER jobs_touch_updated_at BEFORE UPDATE ON jobs
  FOR EACH ROW EXECUTE FUNCTION resume_agent_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER tasks_touch_updated_at BEFORE UPDATE ON tasks
  FOR EACH ROW EXECUTE FUNCTION resume_agent_touch_updated_at();
--> statement-breakpoint
ALTER TABLE jobs ALTER COLUMN updated_at SET DEFAULT date_trunc('milliseconds', now());
--> statement-breakpoint
-- job_events is append-only: rows leave only by cascade or retention (DELETE), never change.
CREATE FUNCTION resume_agent_forbid_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER job_events_append_only BEFORE UPDATE ON job_events
  FOR EACH ROW EXECUTE FUNCTION resume_agent_forbid_update();
--> statement-breakpoint
-- The queue table takes many updates: leave room on each page for HOT updates and vacuum it eagerly,
-- so the claim stays fast as history grows.
ALTER TABLE tasks SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
