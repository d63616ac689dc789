-- Row-level security for variants, versions and share links (see 0001_row_level_security.sql for the
-- model): the app role sees an owner's rows only under that owner's scope, or under the system scope.
-- One addition: under the share scope (`app.share_token_hash`, set by withShareToken for the public
-- share route) exactly the share link whose token hashes to that value is readable, and nothing else.
GRANT SELECT, INSERT, UPDATE, DELETE ON job_variants, job_versions, share_links, share_views TO resume_agent_app;
--> statement-breakpoint
ALTER TABLE job_variants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_variants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE share_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE share_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE share_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE share_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY job_variants_owner_isolation ON job_variants TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY job_versions_owner_isolation ON job_versions TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY share_links_owner_isolation ON share_links TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY share_links_by_token ON share_links FOR SELECT TO resume_agent_app
  USING (token_hash = current_setting('app.share_token_hash', true));
--> statement-breakpoint
CREATE POLICY share_views_owner_isolation ON share_views TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
