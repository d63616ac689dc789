-- Row-level security for the tailoring tables (see 0001_row_level_security.sql for the model):
-- the app role sees an owner's rows only under that owner's scope, or under the system scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON tailorings, llm_usage TO resume_agent_app;
--> statement-breakpoint
ALTER TABLE tailorings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tailorings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE llm_usage ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE llm_usage FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tailorings_owner_isolation ON tailorings TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
CREATE POLICY llm_usage_owner_isolation ON llm_usage TO resume_agent_app
  USING (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on')
  WITH CHECK (owner_user_id = current_setting('app.owner_user_id', true) OR current_setting('app.system', true) = 'on');
--> statement-breakpoint
-- updated_at strictly increases, so it serves as the If-Match token of a tailoring (edits, apply, undo).
CREATE TRIGGER tailorings_touch_updated_at BEFORE UPDATE ON tailorings
  FOR EACH ROW EXECUTE FUNCTION resume_agent_touch_updated_at();
