-- Row-level security for the version counters and latest pointers. They have no owner column of their own:
-- a row is visible exactly when its job is (the subquery on jobs runs under the jobs policy), so a
-- deliberately unfiltered read or write under one owner's scope never reaches another owner's counters.
ALTER TABLE artifact_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE artifact_counters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_artifact_latest ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_artifact_latest FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY artifact_counters_owner_isolation ON artifact_counters TO resume_agent_app
  USING (EXISTS (SELECT 1 FROM jobs j WHERE j.id = artifact_counters.job_id))
  WITH CHECK (EXISTS (SELECT 1 FROM jobs j WHERE j.id = artifact_counters.job_id));
--> statement-breakpoint
CREATE POLICY job_artifact_latest_owner_isolation ON job_artifact_latest TO resume_agent_app
  USING (EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_artifact_latest.job_id))
  WITH CHECK (EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_artifact_latest.job_id));
